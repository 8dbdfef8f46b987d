namespace FineTuneWorkflows.Tests.Support;

/// <summary>
/// Figures a test run reports beside its pass/fail: schedules tried, cancels injected. They go to
/// the test's output and, when <c>FTW_TEST_REPORT</c> names a file (test.sh sets it), to that
/// file, which test.sh prints before its closing line: the test platform shows no output of
/// tests that pass.
/// </summary>
public static class RunReport
{
    public const string Variable = "FTW_TEST_REPORT";

    private static readonly Lock Gate = new();

    public static void Line(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path)
        {
            lock (Gate)
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }
}
