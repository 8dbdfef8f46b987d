using Temporalio.Client;
using Temporalio.Exceptions;

namespace FineTuneWorkflows.Tests.Starter.Scripted;

/// <summary>An update handle whose outcome is known at once: the job, or the failure the update ended with.</summary>
public sealed record ScriptedUpdateHandle<T>(ITemporalClient Client, string WorkflowId, object? Result, Exception? Failure)
    : WorkflowUpdateHandle<T>(Client, "update-1", WorkflowId)
{
    public override Task<TResult> GetResultAsync<TResult>(RpcOptions? rpcOptions = null) =>
        Failure is null ? Task.FromResult((TResult)Result!) : Task.FromException<TResult>(new WorkflowUpdateFailedException(Failure));
}
