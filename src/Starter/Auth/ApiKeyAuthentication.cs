using System.Security.Cryptography;
using System.Text;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Starter.Hosting;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Starter.Auth;

/// <summary>
/// The starter's own keys (<c>Starter:ApiKeys</c>), demanded as <c>Authorization: Bearer</c> on
/// <c>/v1</c>, which is where the OpenAI SDKs send them. Health and the OpenAPI document stay
/// open, for probes and tooling. A refusal never echoes any part of the key that was sent.
/// </summary>
public sealed class ApiKeyAuthentication(RequestDelegate next, IOptions<StarterOptions> options)
{
    public const string MissingKeyMessage =
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";

    public const string IncorrectKeyMessage = "Incorrect API key provided.";

    // Hashed once, compared in fixed time, so neither timing nor a memory dump of the
    // comparison reveals how much of a guessed key was right.
    private readonly byte[][] keyHashes = [.. options.Value.ApiKeys.Where(k => k.Length > 0).Select(Hash)];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.Value.RequireAuth || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
        {
            await ApiErrors.Envelope(StatusCodes.Status401Unauthorized, MissingKeyMessage, ApiErrors.InvalidRequest).ExecuteAsync(context);
            return;
        }

        var presented = Hash(authorization["Bearer ".Length..].Trim());
        var accepted = false;
        foreach (var hash in keyHashes)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(hash, presented);
        }

        if (!accepted)
        {
            await ApiErrors.Envelope(StatusCodes.Status401Unauthorized, IncorrectKeyMessage, ApiErrors.InvalidRequest, code: "invalid_api_key").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
