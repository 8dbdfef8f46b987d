using FineTuneWorkflows.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FineTuneWorkflows.Starter.Api;

/// <summary>A create body that was read and judged: exactly one of the two is set.</summary>
public sealed record CreateRequestRead(CreateFineTuningJobRequest? Request, JsonHttpResult<ErrorEnvelope>? Error);
