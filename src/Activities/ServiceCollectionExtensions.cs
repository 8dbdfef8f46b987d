using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Activities.Results;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FineTuneWorkflows.Activities;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The provider client (typed <see cref="HttpClient"/>), its options (the process checks them), the artifact
    /// store and the clock: everything the activity classes are built from.
    /// </summary>
    public static IServiceCollection AddFineTuningProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProviderOptions>().Bind(configuration.GetSection(ProviderOptions.Section));
        services.AddArtifactStore(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<FineTuningClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }

    /// <summary>The artifact store and its <c>Artifacts</c> settings: the worker writes to it, the starter serves from it.</summary>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ArtifactOptions>().Bind(configuration.GetSection(ArtifactOptions.Section));
        services.TryAddSingleton<IArtifactStore, LocalFolderArtifactStore>();
        return services;
    }
}
