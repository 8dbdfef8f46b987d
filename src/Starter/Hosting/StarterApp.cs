using FineTuneWorkflows.Activities.Settings;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Starter.Auth;
using FineTuneWorkflows.Starter.OpenApi;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Starter.Webhooks;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FineTuneWorkflows.Starter.Hosting;

/// <summary>The one place the starter's services, middleware and routes are put together.</summary>
public static class StarterApp
{
    public const string ReadyTag = "ready";

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StarterOptions>()
            .Bind(builder.Configuration.GetSection(StarterOptions.Section))
            .Validate(o => !o.RequireAuth || o.ApiKeys.Any(k => k.Length > 0), "Starter:ApiKeys must list at least one key while Starter:RequireAuth is true")
            .Validate(o => o.MaxRequestBodyBytes > 0, "Starter:MaxRequestBodyBytes must be positive")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Tolerance > TimeSpan.Zero && o.MaxBodyBytes > 0, "Webhooks:Tolerance and Webhooks:MaxBodyBytes must be positive")
            // Names the source, never the secret.
            .Validate(o => o.Sources.All(s => s.Value.Secrets.All(IsSecret)), "Webhooks:Sources:*:Secrets must each be a provider signing secret (whsec_ followed by base64)")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TemporalSettings>()
            .Bind(builder.Configuration.GetSection(TemporalSettings.Section))
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TemporalSettings>, CheckedSettingsValidation<TemporalSettings>>();
        services.AddSingleton(sp => TemporalClientFactory.Create(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TemporalSettings>>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<FineTuneJobs>();
        services.ConfigureHttpJsonOptions(json =>
        {
            StarterJson.Configure(json.SerializerOptions);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, StarterJson.Default);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<TemporalHealthCheck>("temporal", tags: [ReadyTag]);
        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer<BearerSecurityScheme>();
            openApi.AddOperationTransformer<BearerSecurityScheme>();
            openApi.AddSchemaTransformer<CreateRequestLimits>();
        });
        services.AddStarterAuth();
        services.AddStarterTelemetry(builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ApiErrors.ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        app.UseMiddleware<ProviderHeaderScrubber>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapFineTuningJobsApi();
        app.MapWebhooks();
        return app;
    }

    private static bool IsSecret(string secret)
    {
        try
        {
            WebhookSignature.KeyOf(secret);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
