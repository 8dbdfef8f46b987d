using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>
/// The starter in process. Its Temporal address is a loopback port where nothing listens, so a
/// request that gets as far as Temporal answers 503: any other answer proves it was decided
/// before a connection was even tried. Live tests hand it a real client instead.
/// </summary>
public class StarterFactory(IReadOnlyDictionary<string, string?>? settings = null, ITemporalClient? client = null)
    : WebApplicationFactory<FineTuneWorkflows.Starter.Program>
{
    public const string Key = "sk-starter-test-key";

    public static readonly string DeadTemporalAddress = $"127.0.0.1:{FreePort()}";

    public HttpClient CreateAuthorizedClient()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Temporal:Address", DeadTemporalAddress);
        builder.UseSetting("Starter:ApiKeys:0", Key);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(name, value);
        }

        if (client is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(client));
        }
    }

    /// <summary>A port that was free a moment ago and that nothing here will ever listen on.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The class fixture: default settings, Temporal out of reach.</summary>
public sealed class DeadTemporalStarter() : StarterFactory(null, null);
