using System.Text;
using FineTuneWorkflows.Activities.Provider;

namespace FineTuneWorkflows.Starter.Temporal;

/// <summary>
/// The static summary and details the Web UI shows for a fine-tune from its start, before the
/// workflow has said anything itself. Only what the user asked for: nothing here is secret.
/// </summary>
public static class WorkflowDescriptions
{
    public static string Summary(CreateFineTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Fine-tune {request.Model} on {request.TrainingFile}";
    }

    public static string Details(string id, CreateFineTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = new StringBuilder()
            .Append("**job** `").Append(id).Append("` · **model** `").Append(request.Model)
            .Append("` · **training file** `").Append(request.TrainingFile).Append('`');
        if (request.ValidationFile is { } validation)
        {
            details.Append(" · **validation file** `").Append(validation).Append('`');
        }

        if (request.Suffix is { } suffix)
        {
            details.Append(" · **suffix** `").Append(suffix).Append('`');
        }

        if (request.Method?.Type is { } method)
        {
            details.Append(" · **method** ").Append(method);
        }

        return details.Append("\n\nStarted through the Starter API.").ToString();
    }
}
