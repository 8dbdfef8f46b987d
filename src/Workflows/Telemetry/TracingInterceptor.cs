using System.Diagnostics;
using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Workflows.Telemetry;

/// <summary>
/// Spans for starting a workflow (client), running it (worker) and running each activity, tagged
/// with workflow, run and activity ids, with the trace context carried in Temporal headers. The
/// workflow's span is a point in time emitted only on first execution, never on replay, and the
/// workflow passes on the context it was started with, so its code stays deterministic.
/// </summary>
public sealed class TracingInterceptor : IClientInterceptor, IWorkerInterceptor
{
    public const string SourceName = "FineTuneWorkflows.Temporal";

    public static readonly ActivitySource Source = new(SourceName);

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new ClientOutbound(nextInterceptor);

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new WorkflowInbound(nextInterceptor);

    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new ActivityInbound(nextInterceptor);

    private static void Fail(Activity? span, Exception e) =>
        span?.SetStatus(ActivityStatusCode.Error, e.Message).AddTag("error.type", e.GetType().Name);

    private sealed class ClientOutbound(ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override async Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input)
        {
            using var span = Source.StartActivity($"StartWorkflow:{input.Workflow}", ActivityKind.Client);
            span?.SetTag("temporal.workflow.id", input.Options.Id);
            try
            {
                return await base.StartWorkflowAsync<TWorkflow, TResult>(input with { Headers = TraceHeaders.With(input.Headers, span?.Context ?? default) });
            }
            catch (Exception e)
            {
                Fail(span, e);
                throw;
            }
        }

        public override async Task<WorkflowUpdateHandle<TUpdateResult>> StartUpdateWithStartWorkflowAsync<TUpdateResult>(StartUpdateWithStartWorkflowInput input)
        {
            var start = input.Options.StartWorkflowOperation;
            using var span = Source.StartActivity($"UpdateWithStartWorkflow:{start?.Workflow}", ActivityKind.Client);
            span?.SetTag("temporal.workflow.id", start?.Options.Id);
            if (start is not null)
            {
                // Only the start carries the context: it is what the workflow reads.
                var copy = (WithStartWorkflowOperation)start.Clone();
                copy.Headers = TraceHeaders.With(start.Headers, span?.Context ?? default);
                input.Options.StartWorkflowOperation = copy;
            }

            try
            {
                return await base.StartUpdateWithStartWorkflowAsync<TUpdateResult>(input);
            }
            catch (Exception e)
            {
                Fail(span, e);
                throw;
            }
        }
    }

    private sealed class WorkflowInbound(WorkflowInboundInterceptor next) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new WorkflowOutbound(outbound));

        public override Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            if (!Workflow.Unsafe.IsReplaying)
            {
                using var span = Source.StartActivity($"RunWorkflow:{Workflow.Info.WorkflowType}", ActivityKind.Server, TraceHeaders.Read(Workflow.Info.Headers));
                span?.SetTag("temporal.workflow.id", Workflow.Info.WorkflowId);
                span?.SetTag("temporal.run.id", Workflow.Info.RunId);
            }

            return base.ExecuteWorkflowAsync(input);
        }
    }

    private sealed class WorkflowOutbound(WorkflowOutboundInterceptor next) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            var context = TraceHeaders.Read(Workflow.Info.Headers);
            return base.ScheduleActivityAsync<TResult>(input with { Headers = TraceHeaders.With(input.Headers, context) });
        }
    }

    private sealed class ActivityInbound(ActivityInboundInterceptor next) : ActivityInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var info = ActivityExecutionContext.Current.Info;
            using var span = Source.StartActivity($"RunActivity:{input.Activity.Name}", ActivityKind.Server, TraceHeaders.Read(input.Headers));
            span?.SetTag("temporal.workflow.id", info.WorkflowId);
            span?.SetTag("temporal.run.id", info.WorkflowRunId);
            span?.SetTag("temporal.activity.id", info.ActivityId);
            span?.SetTag("temporal.activity.attempt", info.Attempt);
            try
            {
                return await base.ExecuteActivityAsync(input);
            }
            catch (Exception e)
            {
                Fail(span, e);
                throw;
            }
        }
    }
}
