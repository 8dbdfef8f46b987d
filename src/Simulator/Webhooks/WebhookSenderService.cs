namespace FineTuneWorkflows.Simulator.Webhooks;

/// <summary>Runs the <see cref="WebhookSender"/> for as long as the simulator runs.</summary>
public sealed class WebhookSenderService(WebhookSender sender) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => sender.RunAsync(stoppingToken);
}
