using FineTuneWorkflows.Workflows.Telemetry;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FineTuneWorkflows.Activities.Creation;
using FineTuneWorkflows.Activities.Provider;
using FineTuneWorkflows.Tests.Replay;
using FineTuneWorkflows.Tests.Support;
using FineTuneWorkflows.Worker.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Temporalio.Activities;
using Temporalio.Api.Common.V1;
using Temporalio.Worker;
using Temporalio.Worker.Interceptors;
using Activity = System.Diagnostics.Activity;

namespace FineTuneWorkflows.Tests.Worker;

[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryGroup;

/// <summary>
/// Spans and metrics as an exporter receives them. Alone in a collection: listeners are
/// process-wide, and other tests' HTTP calls would show up here.
/// </summary>
[Collection(nameof(TelemetryTests))]
public class TelemetryTests
{
    [Fact]
    public async Task ActivityRun_ThroughTheInterceptor_IsASpanUnderTheCallersTraceWithProviderCallsBelowIt()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using (var tracer = Sdk.CreateTracerProviderBuilder().AddSource(TracingInterceptor.SourceName).AddHttpClientInstrumentation().AddInMemoryExporter(spans).Build())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(ProviderMetrics.MeterName).AddInMemoryExporter(metrics).Build())
        {
            await using var rig = await ProviderRig.StartAsync();
            var headers = TraceHeaders.With(null, caller);
            var input = new CreateJobInput($"wf-{Guid.NewGuid()}", new() { Model = "gpt-4o-mini", TrainingFile = "file-a" }, DateTimeOffset.UtcNow);

            var chain = new TracingInterceptor().InterceptActivity(new RunsTheActivity(() => rig.Creation.CreateJobAsync(input)));
            await new Support.ActivityAttempt().Environment.RunAsync(() => chain.ExecuteActivityAsync(
                new ExecuteActivityInput(ActivityDefinition.Create(typeof(FineTuneWorkflows.Activities.Creation.CreationActivities).GetMethod(nameof(FineTuneWorkflows.Activities.Creation.CreationActivities.CreateJobAsync))!, _ => null), [], headers)));
            tracer.ForceFlush();
            meters.ForceFlush();
        }

        var run = Assert.Single(spans, s => s.DisplayName == "RunActivity:CreateJob");
        Assert.Equal(caller.TraceId, run.TraceId);
        Assert.Equal(caller.SpanId, run.ParentSpanId);
        Assert.Equal(ActivityKind.Server, run.Kind);
        Assert.NotNull(run.GetTagItem("temporal.workflow.id"));
        Assert.NotNull(run.GetTagItem("temporal.activity.id"));
        // A first create attempt looks for a job carrying its key, then creates: two calls.
        var http = spans.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == run.SpanId).ToList();
        Assert.Equal(2, http.Count);
        Assert.DoesNotContain(spans.SelectMany(s => s.Tags), t => t.Value?.Contains(ProviderRig.ApiKey, StringComparison.Ordinal) == true);

        var calls = Single(metrics, "ftw.provider.calls");
        long total = 0;
        foreach (ref readonly var point in calls.GetMetricPoints())
        {
            total += point.GetSumLong();
        }

        Assert.True(total >= 2, $"{total} provider calls recorded");
    }

    [Fact]
    public async Task Replay_OfAWholeHistory_EmitsNoWorkflowSpan()
    {
        var spans = new List<Activity>();
        var history = Scenarios.Success().Runs[0].History;
        using (var tracer = Sdk.CreateTracerProviderBuilder().AddSource(TracingInterceptor.SourceName).AddInMemoryExporter(spans).Build())
        {
            var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [new TracingInterceptor()] }.AddWorkflow<FineTuneWorkflows.Workflows.FineTuneWorkflow>());
            var result = await replayer.ReplayWorkflowAsync(history, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Null(result.ReplayFailure);
            tracer.ForceFlush();
        }

        Assert.Empty(spans);
    }

    [Fact]
    public void TraceHeaders_RoundTrip_KeepTheContext()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "vendor=x");

        var read = TraceHeaders.Read(TraceHeaders.With(new Dictionary<string, Payload>(), context));

        Assert.Equal(context.TraceId, read.TraceId);
        Assert.Equal(context.SpanId, read.SpanId);
        Assert.Equal(context.TraceFlags, read.TraceFlags);
        Assert.Equal("vendor=x", read.TraceState);
        Assert.Equal(default, TraceHeaders.Read(null));
    }

    [Fact]
    public void MeterBridge_TemporalsCountersHistogramsAndGauges_ReachTheExporter()
    {
        var metrics = new List<Metric>();
        var name = $"ftw-bridge-test-{Guid.NewGuid():N}";
        using var meter = new Meter(name);
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(name).AddInMemoryExporter(metrics).Build())
        {
            var bridge = new TemporalMeterBridge(meter);
            var tags = bridge.CreateTags(bridge.CreateTags(null, [new("namespace", "default")]), [new("task_queue", "fine-tuning")]);
            bridge.CreateCounter<long>("requests", null, null).Add(3, tags);
            bridge.CreateHistogram<TimeSpan>("latency", "duration", null).Record(TimeSpan.FromMilliseconds(250), tags);
            var gauge = bridge.CreateGauge<long>("slots", null, null);
            gauge.Set(5, tags);
            gauge.Set(7, tags);
            meters.ForceFlush();
        }

        Assert.Equal(3, Point(metrics, "requests").GetSumLong());
        var latency = Single(metrics, "latency");
        Assert.Equal("ms", latency.Unit);
        Assert.Equal(250, Point(metrics, "latency").GetHistogramSum());
        Assert.Equal(7, Point(metrics, "slots").GetGaugeLastValueLong());
        var point = Point(metrics, "requests");
        var pointTags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            pointTags[tag.Key] = tag.Value;
        }

        Assert.Equal("default", pointTags["namespace"]);
        Assert.Equal("fine-tuning", pointTags["task_queue"]);
    }

    private static Metric Single(List<Metric> metrics, string name) => metrics.Last(m => m.Name == name);

    private static MetricPoint Point(List<Metric> metrics, string name)
    {
        foreach (ref readonly var point in Single(metrics, name).GetMetricPoints())
        {
            return point;
        }

        throw new InvalidOperationException($"no point for {name}");
    }

    /// <summary>The end of an interceptor chain, where the worker would call the activity.</summary>
    private sealed class RunsTheActivity(Func<Task<CreateJobOutput>> activity) : ActivityInboundInterceptor(null!)
    {
        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input) => await activity();
    }
}
