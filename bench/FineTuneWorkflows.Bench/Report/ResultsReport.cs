using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace FineTuneWorkflows.Bench.Report;

public sealed record RenderedReport(string Console, string Markdown);

/// <summary>The table (figure, ours, baseline, ratio, target, met/short), the notes, what was skipped, and the machine.</summary>
public static class ResultsReport
{
    public static RenderedReport Render(SuiteResults results, TimeSpan took, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        var table = Table(results.Rows);
        var machine = Machine();
        var console = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"FineTuneWorkflows benchmarks — {machine}; took {took.TotalSeconds:N0} s")
            .AppendLine()
            .Append(table)
            .AppendLine()
            .AppendLine("Ratio: ours against the baseline measured in the same run (\"fewer\"/\"less\" = baseline ÷ ours; \"higher\" = ours ÷ baseline).");
        foreach (var row in results.Rows.Where(r => r.Met == false))
        {
            console.AppendLine(CultureInfo.InvariantCulture, $"SHORT: {row.Figure}: {row.Ours} against target {row.Target}.{(row.Note is null ? string.Empty : " " + row.Note)}");
        }

        foreach (var skip in results.Skipped)
        {
            console.AppendLine(CultureInfo.InvariantCulture, $"SKIPPED: {skip}");
        }

        var markdown = new StringBuilder()
            .AppendLine("# Benchmark results")
            .AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project bench/FineTuneWorkflows.Bench -- --results bench/RESULTS.md`; the latest run.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- **Date:** {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine(CultureInfo.InvariantCulture, $"- **Machine:** {machine}")
            .AppendLine(CultureInfo.InvariantCulture, $"- **Run time:** {took.TotalSeconds:N0} s (after the build){(options.Only.Count > 0 ? $", sections {string.Join(',', options.Only)} only" : string.Empty)}")
            .AppendLine()
            .Append(table)
            .AppendLine()
            .AppendLine("Ratio: ours against the baseline measured in the same run (\"fewer\"/\"less\" = baseline ÷ ours; \"higher\" = ours ÷ baseline).")
            .AppendLine()
            .AppendLine("## Skipped")
            .AppendLine();
        if (results.Skipped.Count == 0)
        {
            markdown.AppendLine("Nothing.");
        }

        foreach (var skip in results.Skipped)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"- {skip}");
        }

        markdown.AppendLine().AppendLine("## How each figure was measured").AppendLine();
        foreach (var note in results.Notes)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        foreach (var row in results.Rows.Where(r => r.Note is not null && r.Target != "skipped"))
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"- {row.Figure}: {row.Note}.");
        }

        return new RenderedReport(console.ToString(), markdown.ToString());
    }

    private static string Table(IReadOnlyList<Row> rows)
    {
        var header = new[] { "figure", "ours", "baseline", "ratio", "target", "met/short" };
        var cells = rows.Select(r => new[] { $"{r.Section[..2]} {r.Figure}", r.Ours, r.Baseline, r.Ratio, r.Target, r.Verdict }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] values) => text.Append("| ").AppendJoin(" | ", values.Select((v, i) => v.PadRight(widths[i]))).AppendLine(" |");
        Line(header);
        text.Append('|').AppendJoin('|', widths.Select(w => new string('-', w + 2))).AppendLine("|");
        foreach (var row in cells)
        {
            Line(row);
        }

        return text.ToString();
    }

    private static string Machine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores{(cpu is null ? string.Empty : $" ({cpu})")}, {memory:N1} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    }
}
