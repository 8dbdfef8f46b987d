using System.Security.Claims;
using System.Text.Encodings.Web;
using FineTuneWorkflows.Starter.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FineTuneWorkflows.Starter.Auth;

/// <summary>
/// The starter's keys as <c>Authorization: Bearer</c>, which is where the OpenAI SDKs send them.
/// This only says who the caller is; which endpoints need a caller is the authorization policy's
/// business (every one but those marked anonymous), so no path spelling can get around it. A
/// refusal never echoes any part of the key that was sent.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, StarterKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StarterApiKey";

    public const string MissingKeyMessage =
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";

    public const string IncorrectKeyMessage = "Incorrect API key provided.";

    private const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!keys.Required)
        {
            return Task.FromResult(Success("dev"));
        }

        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || authorization.Length <= Bearer.Length)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.Accepts(authorization[Bearer.Length..].Trim())
            ? Success("api-key")
            : AuthenticateResult.Fail(IncorrectKeyMessage));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        var refusal = result.Failure is null
            ? ApiErrors.Envelope(StatusCodes.Status401Unauthorized, MissingKeyMessage, ApiErrors.InvalidRequest)
            : ApiErrors.Envelope(StatusCodes.Status401Unauthorized, IncorrectKeyMessage, ApiErrors.InvalidRequest, code: "invalid_api_key");
        await refusal.ExecuteAsync(Context);
    }

    private static AuthenticateResult Success(string name) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName)), SchemeName));
}
