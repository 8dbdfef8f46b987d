using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// The API's job id IS the workflow id, shaped like a provider id: <c>ftjob-</c> and 32 lowercase
/// hex digits. GET, cancel, events and result then go straight to the workflow with no lookup
/// table, and the id exists from the moment the workflow starts, before (and even if never)
/// the provider makes its job. The provider's own id is a different thing, which can only be
/// known later; the job view carries it as <c>provider_job_id</c>.
/// </summary>
public static class JobIds
{
    public const string Prefix = "ftjob-";
    public const int HexLength = 32;
    public const int MaxIdempotencyKeyLength = 255;

    // Versioned, so that a different mapping one day cannot collide with ids made by this one.
    private const string IdempotencyDomain = "FineTuneWorkflows.Starter/Idempotency-Key/v1\n";

    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdef");

    /// <summary>A fresh id, for a create without an Idempotency-Key.</summary>
    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    /// <summary>
    /// The same key always gives the same id, so a retried POST lands on the workflow the first one
    /// started. SHA-256 keeps the key itself (which a client may derive from private data) out of
    /// Temporal, and 128 bits make two keys meeting on one id beyond any realistic chance.
    /// </summary>
    public static string FromIdempotencyKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(IdempotencyDomain + key));
        return Prefix + Convert.ToHexStringLower(digest.AsSpan(0, HexLength / 2));
    }

    /// <summary>
    /// Null when the key is usable, else why not: printable ASCII only (it travels in a header),
    /// 1 to 255 characters, as common idempotency-key conventions allow.
    /// </summary>
    public static string? ProblemWithIdempotencyKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return $"must be 1 to {MaxIdempotencyKeyLength} characters";
        }

        return key.All(c => c is >= '!' and <= '~') ? null : "must be printable ASCII without spaces";
    }

    /// <summary>Whether <paramref name="id"/> could be one of ours; anything else is answered 404 without asking Temporal.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 38 }
        && id.StartsWith(Prefix, StringComparison.Ordinal)
        && !id.AsSpan(Prefix.Length).ContainsAnyExcept(Hex);
}
