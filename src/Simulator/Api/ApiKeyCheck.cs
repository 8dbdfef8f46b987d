using Microsoft.Extensions.Primitives;

namespace FineTuneWorkflows.Simulator;

/// <summary>
/// Demands a key on <c>/v1</c> as OpenAI (Bearer) or Azure (<c>api-key</c>) would, and words
/// refusals like OpenAI, quoting part of a wrong key so a client's redaction can be tested.
/// </summary>
public sealed class ApiKeyCheck(RequestDelegate next, SimulatorState state)
{
    public const string MissingKeyMessage =
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var key = KeyOf(context.Request.Headers);
        if (string.IsNullOrEmpty(key))
        {
            await ApiErrors.Envelope(StatusCodes.Status401Unauthorized, MissingKeyMessage, ApiErrors.InvalidRequest).ExecuteAsync(context);
            return;
        }

        if (state.Options.ApiKey is { Length: > 0 } expected && !string.Equals(key, expected, StringComparison.Ordinal))
        {
            await IncorrectKey(key).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    public static IResult IncorrectKey(string key) => ApiErrors.Envelope(
        StatusCodes.Status401Unauthorized,
        $"Incorrect API key provided: {Redact(key)}. You can find your API key at https://platform.openai.com/account/api-keys.",
        ApiErrors.InvalidRequest,
        code: "invalid_api_key");

    /// <summary>OpenAI's own redaction: the first five and last two characters.</summary>
    public static string Redact(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length > 8 ? $"{key[..5]}***{key[^2..]}" : "***";
    }

    private static string? KeyOf(IHeaderDictionary headers)
    {
        var authorization = headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return headers.TryGetValue("api-key", out StringValues apiKey) ? apiKey.ToString().Trim() : null;
    }
}
