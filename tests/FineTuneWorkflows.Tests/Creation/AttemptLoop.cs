using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Tests.Support;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Creation;

/// <summary>How one create activity ended, after all its attempts.</summary>
/// <param name="Output">The job it created or adopted; null when it failed for good.</param>
/// <param name="Failure">The final failure; null when it succeeded.</param>
/// <param name="Attempts">Attempts started, overlapping ones included.</param>
/// <param name="StalledFailures">Failure types of attempts that froze and woke after the next had started.</param>
public sealed record AttemptsEnded(CreateJobOutput? Output, ApplicationFailureException? Failure, int Attempts, IReadOnlyList<string> StalledFailures);

/// <summary>
/// Runs the create activity the way Temporal does: attempt N+1 gets the attempt number and the
/// last heartbeat details any earlier attempt recorded (the SDK flushes them when an attempt
/// fails), a failure the activity marks final ends it, anything else is retried after the delay
/// the failure asks for (Retry-After, a create settling); an attempt that stops heartbeating is
/// given up on, and the next one starts while it may still run.
/// </summary>
public static class AttemptLoop
{
    /// <summary>Short, so a test can wait out a stalled attempt; the call bounds scale with it.</summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(2);

    /// <param name="before">Runs before attempt N (1-based): set up its faults.</param>
    /// <param name="after">Runs after attempt N has ended (or frozen).</param>
    public static async Task<AttemptsEnded> RunAsync(
        Func<CreateJobInput, Task<CreateJobOutput>> activity, CreateJobInput input, Func<int, AttemptPlan> plan, Action<int> before, Action<int> after, int maxAttempts = 12)
    {
        object? details = null;
        var frozen = new List<Task<CreateJobOutput>>();
        using var release = new ManualResetEventSlim();
        try
        {
            for (var attempt = 1; attempt <= maxAttempts; attempt++)
            {
                before(attempt);
                if (plan(attempt).Stall)
                {
                    // It freezes in its first heartbeat; Temporal, hearing nothing for the heartbeat
                    // timeout, starts the next attempt while this one is still frozen.
                    var stuck = new ActivityAttempt(attempt, details, HeartbeatTimeout, onHeartbeat: _ => release.Wait(TimeSpan.FromSeconds(30)));
                    var running = Task.Run(() => stuck.RunAsync(() => activity(input)));
                    while (stuck.Heartbeats.Count == 0 && !running.IsCompleted)
                    {
                        await Task.Delay(5);
                    }

                    frozen.Add(running);
                    details = stuck.LastDetails ?? details;
                    after(attempt);
                    continue;
                }

                var run = new ActivityAttempt(attempt, details, HeartbeatTimeout);
                try
                {
                    var output = await run.RunAsync(() => activity(input));
                    after(attempt);
                    return await EndAsync(new AttemptsEnded(output, null, attempt, []));
                }
                catch (ApplicationFailureException e)
                {
                    after(attempt);
                    details = run.LastDetails ?? details;
                    if (e.NonRetryable)
                    {
                        return await EndAsync(new AttemptsEnded(null, e, attempt, []));
                    }

                    if (e.NextRetryDelay is { } delay)
                    {
                        await Task.Delay(delay < MaxDelay ? delay : MaxDelay);
                    }
                }
            }

            throw new InvalidOperationException($"Still retrying after {maxAttempts} attempts");
        }
        finally
        {
            release.Set();
        }

        // The frozen attempts wake once the others are done, having been frozen longer than an
        // attempt tolerates: each must give up rather than call the provider.
        async Task<AttemptsEnded> EndAsync(AttemptsEnded ended)
        {
            await Task.Delay(FrozenFor);
            release.Set();
            var woke = new List<string>();
            foreach (var task in frozen)
            {
                try
                {
                    await task;
                    woke.Add("completed");
                }
                catch (ApplicationFailureException e)
                {
                    woke.Add(e.ErrorType ?? e.Message);
                }
            }

            return ended with { StalledFailures = woke };
        }
    }

    /// <summary>The longest retry delay slept: the schedules' delays are all shorter; this bounds a mistake.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>How long a frozen attempt stays frozen after the last one ended: longer than an attempt tolerates.</summary>
    private static readonly TimeSpan FrozenFor = TimeSpan.FromMilliseconds(150);
}
