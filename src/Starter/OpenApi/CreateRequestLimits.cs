using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FineTuneWorkflows.Starter.OpenApi;

/// <summary>
/// The limits <see cref="CreateRequestShape"/> enforces on a create, in its schema: the wire
/// model's types alone would offer any 64-bit seed and a model of any length.
/// </summary>
public sealed class CreateRequestLimits : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo is not { } property || property.DeclaringType != typeof(CreateFineTuningJobRequest))
        {
            return Task.CompletedTask;
        }

        switch (property.Name)
        {
            case "seed":
                schema.Format = "int32";
                schema.Minimum = CreateRequestShape.MinSeed.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Maximum = CreateRequestShape.MaxSeed.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "model":
                schema.MaxLength = CreateRequestShape.MaxModelLength;
                break;
        }

        return Task.CompletedTask;
    }
}
