using FineTuneWorkflows.Activities;
using FineTuneWorkflows.Tests.Replay.History;
using Temporalio.Exceptions;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace FineTuneWorkflows.Tests.Replay.Capture;

/// <summary>
/// Sees the replayed workflow from both sides: every command it sends out (activities, timers,
/// continue-as-new) and how its run method ended. This is where replay tests look, because core
/// itself flags a command of the wrong kind but not a wrong activity name, id or argument.
/// </summary>
public sealed class RecordingInterceptor(CallRecorder recorder) : IWorkerInterceptor
{
    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) =>
        new Inbound(nextInterceptor, recorder);

    private sealed class Inbound(WorkflowInboundInterceptor next, CallRecorder recorder) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(outbound, recorder));

        public override async Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            try
            {
                var result = await base.ExecuteWorkflowAsync(input);
                recorder.End(new ReplayOutcome(OutcomeKind.Completed, TemporalPayloads.Json(result)));
                return result;
            }
            catch (ContinueAsNewException)
            {
                // The exception keeps its input to itself; the outbound side saw it being made.
                var made = recorder.Calls.LastOrDefault(c => c.Kind == CapturedCall.ContinueAsNew);
                recorder.End(new ReplayOutcome(OutcomeKind.ContinuedAsNew, made?.Detail));
                throw;
            }
            catch (Exception e)
            {
                recorder.FailedFinally = (e as Temporalio.Exceptions.ApplicationFailureException)?.NonRetryable;
                recorder.End(Ended(e));
                throw;
            }
        }

        /// <summary>What the update's caller gets back: the handler's result, or its failure.</summary>
        public override async Task<object?> HandleUpdateAsync(HandleUpdateInput input)
        {
            try
            {
                var result = await base.HandleUpdateAsync(input);
                recorder.Command(CapturedCall.Update, input.Update, result);
                return result;
            }
            catch (Exception e)
            {
                recorder.Command(CapturedCall.UpdateFailed, input.Update, new UpdateFailure((e as ApplicationFailureException)?.ErrorType, e.Message));
                throw;
            }
        }

        private static ReplayOutcome Ended(Exception e) => e switch
        {
            _ when Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e) =>
                new ReplayOutcome(OutcomeKind.Cancelled, FailureMessage: e.Message),
            ApplicationFailureException a => new ReplayOutcome(
                OutcomeKind.Failed,
                FailureType: a.ErrorType,
                FailureMessage: a.Message,
                FailureDetails: a.Details.Count > 0 ? TemporalPayloads.Json(a.Details.ElementAt<ProviderErrorDetails>(0)) : null),
            ActivityFailureException { InnerException: ApplicationFailureException cause } a => new ReplayOutcome(
                OutcomeKind.Failed,
                FailureType: cause.ErrorType,
                FailureMessage: cause.Message,
                FailedActivity: a.ActivityType),
            _ => new ReplayOutcome(OutcomeKind.Failed, FailureType: e.GetType().Name, FailureMessage: e.Message),
        };
    }

    private sealed class Outbound(WorkflowOutboundInterceptor next, CallRecorder recorder) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            var token = input.Options.CancellationToken ?? Workflow.CancellationToken;
            recorder.Command(token.IsCancellationRequested ? CapturedCall.ActivityRefused : CapturedCall.Activity, input.Activity, input.Args.Single(), input.Options.TaskQueue);
            return base.ScheduleActivityAsync<TResult>(input);
        }

        public override Task DelayAsync(DelayAsyncInput input)
        {
            recorder.Command(CapturedCall.Timer, string.Empty, input.Delay.ToString("c", null));
            return base.DelayAsync(input);
        }

        public override Task SignalExternalWorkflowAsync(SignalExternalWorkflowInput input)
        {
            recorder.Command(CapturedCall.Signal, input.Signal, new { input.Id, Argument = input.Args.Single() });
            return base.SignalExternalWorkflowAsync(input);
        }

        public override ContinueAsNewException CreateContinueAsNewException(CreateContinueAsNewExceptionInput input)
        {
            recorder.Command(CapturedCall.ContinueAsNew, input.Workflow, input.Args.Single());
            return base.CreateContinueAsNewException(input);
        }
    }
}
