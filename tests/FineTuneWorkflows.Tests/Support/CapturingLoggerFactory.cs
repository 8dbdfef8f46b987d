using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FineTuneWorkflows.Tests.Support;

/// <summary>One log entry: its level, its message template and its named values.</summary>
public sealed record Entry(LogLevel Level, string Template, IReadOnlyDictionary<string, string?> Values);

/// <summary>Keeps every structured log entry written through it, for tests of what code tells an operator.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public IReadOnlyList<Entry> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        var template = values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value as string;
        if (template is null)
        {
            return;
        }

        entries.Enqueue(new Entry(logLevel, template, values.Where(v => v.Key != "{OriginalFormat}").ToDictionary(v => v.Key, v => v.Value?.ToString())));
    }

    /// <summary>The entries written with <paramref name="template"/>.</summary>
    public IReadOnlyList<Entry> Saying(string template) => [.. Entries.Where(e => e.Template == template)];
}
