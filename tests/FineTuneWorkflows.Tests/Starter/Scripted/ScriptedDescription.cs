using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Converters;

namespace FineTuneWorkflows.Tests.Starter.Scripted;

/// <summary>A describe answer built from a raw response, as the client builds its own.</summary>
public sealed class ScriptedDescription(DescribeWorkflowExecutionResponse raw) : WorkflowExecutionDescription(raw, DataConverter.Default);
