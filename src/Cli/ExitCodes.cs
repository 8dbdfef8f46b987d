namespace FineTuneWorkflows.Cli;

/// <summary><c>ftw</c>'s exit codes, the same for every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The answer is no: a file with errors, a job that failed or was cancelled, a request refused.</summary>
    public const int Refused = 1;

    /// <summary>Could not ask: a file not found, a server not reached, a bad option.</summary>
    public const int Trouble = 2;

    /// <summary>Ctrl-C: the watching stopped (never the job).</summary>
    public const int Interrupted = 130;
}
