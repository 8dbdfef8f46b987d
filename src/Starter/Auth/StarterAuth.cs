using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace FineTuneWorkflows.Starter.Auth;

public static class StarterAuth
{
    /// <summary>
    /// Who may call what, decided by endpoint: the fallback policy demands a caller with a key on
    /// every endpoint that is not marked <c>AllowAnonymous</c> (health and the OpenAPI document),
    /// so a route added later is closed until someone opens it. The fallback also covers requests
    /// that match no endpoint: without a key an unknown URL is a 401, not a 404, so a stranger
    /// learns nothing of which routes exist and the answer never depends on how routing read
    /// the path; with a key it is the usual 404.
    /// </summary>
    public static IServiceCollection AddStarterAuth(this IServiceCollection services)
    {
        services.AddSingleton<StarterKeys>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
