using FineTuneWorkflows.Tests.Replay.History;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Tests.Replay.Capture;

/// <summary>Collects what one replayed run did. Written from the workflow's thread, read by the test after replay.</summary>
public sealed class CallRecorder
{
    private readonly Lock gate = new();
    private readonly List<CapturedCall> calls = [];
    private readonly List<string> details = [];
    private string shownAttributes = string.Empty;
    private ReplayOutcome outcome = ReplayOutcome.Running;

    public IReadOnlyList<CapturedCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>
    /// The workflow's current details (what the Web UI shows), each time they had changed when a
    /// command went out or the run ended. Kept apart from <see cref="Calls"/>, which committed
    /// fixtures pin.
    /// </summary>
    public IReadOnlyList<string> Details
    {
        get
        {
            lock (gate)
            {
                return [.. details];
            }
        }
    }

    /// <summary>Whether the run's application failure was marked non-retryable (a workflow retry policy would then not run it again); null when it did not fail so.</summary>
    public bool? FailedFinally { get; set; }

    public ReplayOutcome Outcome
    {
        get
        {
            lock (gate)
            {
                return outcome;
            }
        }
    }

    /// <summary>Records a command, after the search attributes the workflow upserted before it.</summary>
    public void Command(string kind, string name, object? argument, string? queue = null)
    {
        lock (gate)
        {
            RecordAttributes();
            RecordDetails();
            calls.Add(new CapturedCall(kind, name, argument as string ?? TemporalPayloads.Json(argument), queue));
        }
    }

    public void End(ReplayOutcome ended)
    {
        lock (gate)
        {
            RecordAttributes();
            RecordDetails();
            outcome = ended;
        }
    }

    /// <summary>The same text <see cref="Scripting.JobScript"/> writes for the search attributes it expects.</summary>
    public static string Describe(IEnumerable<KeyValuePair<string, string>> attributes) =>
        string.Join("; ", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    private void RecordDetails()
    {
        var now = Workflow.CurrentDetails;
        if (now.Length > 0 && (details.Count == 0 || details[^1] != now))
        {
            details.Add(now);
        }
    }

    private void RecordAttributes()
    {
        var now = Describe(Workflow.TypedSearchAttributes.UntypedValues
            .Select(kv => new KeyValuePair<string, string>(kv.Key.Name, kv.Value?.ToString() ?? string.Empty)));
        if (now != shownAttributes)
        {
            shownAttributes = now;
            calls.Add(new CapturedCall(CapturedCall.SearchAttributes, string.Empty, now));
        }
    }
}
