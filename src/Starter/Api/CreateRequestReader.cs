using System.Text.Json;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>
/// Reads a create body and judges it before anything reaches Temporal: size, JSON syntax, no
/// unknown or repeated top-level fields, the type of every field, then the provider's documented
/// limits (<see cref="RequestValidation"/>). Every refusal names the offending field. Unknown
/// fields are refused rather than ignored: a misspelt <c>hyperparameter</c> would otherwise
/// start a paid job with settings the caller did not ask for.
/// </summary>
public static class CreateRequestReader
{
    public const string UnparsableBody =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

    public static async Task<CreateRequestRead> ReadAsync(HttpRequest http, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.ContentLength > maxBytes)
        {
            return Refuse(ApiErrors.TooLarge(maxBytes));
        }

        var body = await RequestBody.ReadBoundedAsync(http.Body, maxBytes, cancellationToken);
        return body is null ? Refuse(ApiErrors.TooLarge(maxBytes)) : Judge(body);
    }

    /// <summary>The judging alone, on bytes already read.</summary>
    public static CreateRequestRead Judge(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Refuse(ApiErrors.BadRequest(null, UnparsableBody));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Refuse(ApiErrors.BadRequest(null, $"The request body must be a JSON object, not {JsonKinds.Describe(root)}."));
            }

            if (CreateRequestShape.FindProblem(root) is { } problem)
            {
                return Refuse(ApiErrors.BadRequest(problem.Param, problem.Message, problem.Code));
            }

            try
            {
                var request = root.Deserialize(StarterJson.Default.CreateFineTuningJobRequest)!;
                RequestValidation.EnsureValid(request);
                return new CreateRequestRead(request, null);
            }
            catch (JsonException e)
            {
                // The shape check covers every field it knows; this catches nested ones it leaves to the wire model.
                var param = e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : null;
                return Refuse(ApiErrors.BadRequest(param, $"Invalid value for '{param ?? "body"}': {JsonKinds.WithoutPosition(e.Message)}", "invalid_value"));
            }
            catch (InvalidRequestException e)
            {
                var reason = e.Message.StartsWith($"{e.Param}: ", StringComparison.Ordinal) ? e.Message[(e.Param.Length + 2)..] : e.Message;
                return Refuse(ApiErrors.BadRequest(e.Param, $"'{e.Param}' {reason}.", "invalid_value"));
            }
        }
    }

    private static CreateRequestRead Refuse(JsonHttpResult<ErrorEnvelope> error) => new(null, error);
}
