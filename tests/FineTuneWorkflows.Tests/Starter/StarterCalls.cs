using System.Net;
using System.Text;
using System.Text.Json;

namespace FineTuneWorkflows.Tests.Starter;

/// <summary>Requests to the starter as curl makes them, and reading the OpenAI error envelope back.</summary>
public static class StarterCalls
{
    public const string Jobs = "/v1/fine_tuning/jobs";
    public const string SeedBody = """{"training_file":"file-BK7bzQj3FfZFXr7DbL6xJwfo","model":"gpt-3.5-turbo"}""";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string body, string path = Jobs) =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    /// <summary>The envelope's <c>error</c> object, after checking it has exactly the four OpenAI fields.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(["error"], document.RootElement.EnumerateObject().Select(p => p.Name));
        var error = document.RootElement.GetProperty("error").Clone();
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        return error;
    }

    public static string? Text(this JsonElement error, string field) =>
        error.GetProperty(field).ValueKind == JsonValueKind.Null ? null : error.GetProperty(field).GetString();
}
