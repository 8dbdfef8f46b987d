using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Hosting;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Starter.Auth;
using FineTuneWorkflows.Starter.OpenApi;
using FineTuneWorkflows.Starter.Temporal;
using FineTuneWorkflows.Starter.Webhooks;
using FineTuneWorkflows.Workflows.Telemetry;
using FineTuneWorkflows.Workflows.Temporal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Temporalio.Client;

namespace FineTuneWorkflows.Starter.Hosting;

/// <summary>The one place the starter's services, middleware and routes are put together.</summary>
public static class StarterApp
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddCheckedSettings<StarterOptions>(configuration.GetSection(StarterOptions.Section), o => o.Problems());
        services.AddCheckedSettings<WebhookOptions>(configuration.GetSection(WebhookOptions.Section), o => o.Problems());
        services.AddCheckedSettings<TemporalSettings>(configuration.GetSection(TemporalSettings.Section), o => o.Problems());
        services.TryAddSingleton(TimeProvider.System);
        // Lazy: the API starts, and answers health, OpenAPI, auth and validation requests, with no
        // server anywhere; a failed connect is tried again on the next call.
        services.AddTemporalClient().Configure<IOptions<TemporalSettings>>(ConfigureClient);
        services.AddSingleton<FineTuneJobs>();
        // Serves the result files and pictures the worker stored (GET …/{id}/artifacts/{name}).
        services.AddArtifactStore(configuration);
        services.ConfigureHttpJsonOptions(json =>
        {
            StarterJson.Configure(json.SerializerOptions);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, StarterJson.Default);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.AddHealthDefaults().AddCheck<TemporalHealthCheck>("temporal", tags: [HealthDefaults.ReadyTag]);
        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer<BearerSecurityScheme>();
            openApi.AddOperationTransformer<BearerSecurityScheme>();
            openApi.AddSchemaTransformer<CreateRequestLimits>();
        });
        services.AddStarterAuth();
        // Each request's span, and the Temporal calls it makes, whose context the tracing interceptor hands to the workflow.
        services.AddTelemetryDefaults(configuration, "fine-tune-starter", tracing => tracing.AddAspNetCoreInstrumentation().AddSource(TracingInterceptor.SourceName));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ApiErrors.ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        app.UseMiddleware<ProviderHeaderScrubber>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthDefaults();
        app.MapFineTuningJobsApi();
        app.MapWebhooks();
        return app;
    }

    private static void ConfigureClient(TemporalClientConnectOptions connect, IOptions<TemporalSettings> settings)
    {
        try
        {
            settings.Value.ApplyTo(connect);
        }
        catch (Exception e) when (TemporalSettings.ClientProblem(e) is { } problem)
        {
            throw new StartupException(problem, e);
        }

        // Starts carry the request's trace context into the workflow and its activities.
        connect.Interceptors = [new TracingInterceptor()];
    }
}
