using System.Security.Claims;
using System.Text.Encodings.Web;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FineTuneWorkflows.Simulator.Api;

/// <summary>
/// Demands a key as OpenAI (Bearer) or Azure (<c>api-key</c>) would, and words refusals like
/// OpenAI, quoting part of a wrong key so a client's redaction can be tested. Which endpoints
/// need a key is the authorization policy's business (every one not marked anonymous), never
/// the spelling of the path.
/// </summary>
public sealed class ApiKeyCheck(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SimulatorState state)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SimulatorApiKey";

    public const string MissingKeyMessage =
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.";

    public static IResult IncorrectKey(string key) => ApiErrors.Envelope(
        StatusCodes.Status401Unauthorized,
        $"Incorrect API key provided: {Redact(key)}. You can find your API key at https://platform.openai.com/account/api-keys.",
        ErrorEnvelope.InvalidRequest,
        code: "invalid_api_key");

    /// <summary>OpenAI's own redaction: the first five and last two characters.</summary>
    public static string Redact(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length > 8 ? $"{key[..5]}***{key[^2..]}" : "***";
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyOf(Request.Headers);
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (state.Options.ApiKey is { Length: > 0 } expected && !string.Equals(key, expected, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.Fail("Incorrect API key provided."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "caller")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var key = KeyOf(Request.Headers);
        var refusal = string.IsNullOrEmpty(key)
            ? ApiErrors.Envelope(StatusCodes.Status401Unauthorized, MissingKeyMessage, ErrorEnvelope.InvalidRequest)
            : IncorrectKey(key);
        return refusal.ExecuteAsync(Context);
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
