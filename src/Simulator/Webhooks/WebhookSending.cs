namespace FineTuneWorkflows.Simulator.Webhooks;

/// <summary>
/// The <c>Simulator:Webhooks</c> section: where the simulated provider sends its signed
/// <c>fine_tuning.job.*</c> events, and the faults a real one shows now and then.
/// </summary>
public sealed class WebhookSending
{
    /// <summary>Endpoints that receive every event, as registered with a provider project.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>The signing secret (<c>whsec_…</c>); none sends nothing.</summary>
    public string? Secret { get; set; }

    /// <summary>How long after the job ends its event goes out (OpenAI's take a second or so).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of events never sent (0–1).</summary>
    public double DropRate { get; set; }

    /// <summary>Share of events sent twice, with the same <c>webhook-id</c>.</summary>
    public double DuplicateRate { get; set; }

    /// <summary>Share of events signed with a wrong key (the receiver should refuse them; they are retried like any failure).</summary>
    public double BadSignatureRate { get; set; }

    /// <summary>Events that fall due together are sent newest first.</summary>
    public bool OutOfOrder { get; set; }

    /// <summary>Seeds the draws of the faults above, so a run can be repeated.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>After a failed delivery (no 2xx within <see cref="Timeout"/>), the waits before each retry; then it is given up.</summary>
    public List<TimeSpan> RetryDelays { get; set; } =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => Urls.Count > 0 && !string.IsNullOrEmpty(Secret);
}
