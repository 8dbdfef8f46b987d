using System.Text.Json;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Simulator.Api;

/// <summary>
/// Reads a create-job body the way the provider judges it: the JSON must parse, the required
/// fields must be there, and the provider's documented limits hold (the client's own checks).
/// </summary>
public static class CreateRequestReader
{
    public static async Task<(CreateFineTuningJobRequest? Request, Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ErrorEnvelope>? Error)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return (null, ApiErrors.BadRequest("body", "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiErrors.BadRequest("body", "The request body must be a JSON object."));
            }

            foreach (var required in (string[])["model", "training_file"])
            {
                if (!root.TryGetProperty(required, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is null or "")
                {
                    return (null, ApiErrors.BadRequest(required, $"Missing required parameter: '{required}'."));
                }
            }

            try
            {
                var request = root.Deserialize(WireJson.Default.CreateFineTuningJobRequest)!;
                RequestValidation.EnsureValid(request);
                return (request, null);
            }
            catch (JsonException e)
            {
                return (null, ApiErrors.BadRequest(e.Path?.TrimStart('$', '.') ?? "body", $"Invalid value: {e.Message}"));
            }
            catch (InvalidRequestException e)
            {
                return (null, ApiErrors.BadRequest(e.Param, e.Message));
            }
        }
    }
}
