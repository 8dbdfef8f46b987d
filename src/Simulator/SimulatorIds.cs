using System.Security.Cryptography;
using FineTuneWorkflows.Simulator.Jobs;

namespace FineTuneWorkflows.Simulator;

/// <summary>Ids shaped like the provider's: a prefix and 24 random letters and digits.</summary>
public static class SimulatorIds
{
    private const string Alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewJobId() => SimulatedJob.IdPrefix + RandomNumberGenerator.GetString(Alphanumerics, 24);

    public static string NewFileId() => "file-" + RandomNumberGenerator.GetString(Alphanumerics, 24);
}
