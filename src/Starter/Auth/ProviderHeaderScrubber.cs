namespace FineTuneWorkflows.Starter.Auth;

/// <summary>
/// Provider keys belong to the worker alone. A caller used to talking to Portkey or a provider
/// directly may still send theirs (<c>x-portkey-*</c>, <c>api-key</c>, ...): they are dropped
/// from the request before anything else sees it, so no handler, log or trace can pass them on.
/// </summary>
public sealed class ProviderHeaderScrubber(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        foreach (var name in headers.Keys.Where(IsProviderHeader).ToList())
        {
            headers.Remove(name);
        }

        return next(context);
    }

    public static bool IsProviderHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("x-portkey-", StringComparison.OrdinalIgnoreCase)
            || name.Equals("api-key", StringComparison.OrdinalIgnoreCase)
            || name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase)
            || name.Equals("openai-organization", StringComparison.OrdinalIgnoreCase)
            || name.Equals("openai-project", StringComparison.OrdinalIgnoreCase);
    }
}
