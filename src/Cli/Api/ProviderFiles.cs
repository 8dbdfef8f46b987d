using System.Net.Http.Headers;
using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Cli.Api;

/// <summary>
/// Uploads a training file to the provider itself, with the user's own key: files never pass
/// through the starter, and the starter never holds a provider key.
/// </summary>
public sealed class ProviderFiles(HttpClient http, Uri baseUrl, string apiKey)
{
    public const string Purpose = "fine-tune";

    public static ProviderFiles From(CliEnvironment environment, string? baseUrl, string? apiKey, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = environment.Choose(baseUrl, FtwDefaults.ProviderBaseUrlVariable, FtwDefaults.ProviderBaseUrl)!;
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidDataException($"the provider's base URL '{url}' is not an http(s) URL (--provider-url or {FtwDefaults.ProviderBaseUrlVariable})");
        }

        var key = environment.Choose(apiKey, FtwDefaults.ProviderApiKeyVariable)
            ?? throw new InvalidDataException($"an upload needs the provider's key: --provider-key or {FtwDefaults.ProviderApiKeyVariable}");
        return new ProviderFiles(http, uri, key);
    }

    /// <summary>Streams the file as <c>multipart/form-data</c> (<c>purpose=fine-tune</c>): memory stays flat for any size.</summary>
    public async Task<ProviderFile> UploadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Purpose), "purpose" },
        };
        var content = new StreamContent(file, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(content, "file", Path.GetFileName(path));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "files")) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        await StarterClient.ThrowIfErrorAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(body, WireJson.Default.ProviderFile, cancellationToken)
            ?? throw new StarterException((int)response.StatusCode, "the provider answered the upload with an empty body");
    }
}
