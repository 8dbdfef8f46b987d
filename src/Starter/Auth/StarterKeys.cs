using System.Security.Cryptography;
using System.Text;
using FineTuneWorkflows.Starter.Hosting;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Starter.Auth;

/// <summary>The starter's own keys (<c>Starter:ApiKeys</c>), held as hashes for the life of the process.</summary>
public sealed class StarterKeys(IOptions<StarterOptions> options)
{
    // Hashed once, compared in fixed time, so neither timing nor a memory dump of the
    // comparison reveals how much of a guessed key was right.
    private readonly byte[][] hashes = [.. options.Value.ApiKeys.Where(k => k.Length > 0).Select(Hash)];

    /// <summary>False only in dev mode (<c>Starter:RequireAuth=false</c>).</summary>
    public bool Required { get; } = options.Value.RequireAuth;

    public bool Accepts(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = Hash(presented);
        var accepted = false;
        foreach (var known in hashes)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(known, hash);
        }

        return accepted;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
