using FineTuneWorkflows.Workflows.Slots;

namespace FineTuneWorkflows.Tests.Slots;

public class SlotGrantTests
{
    /// <summary>
    /// One limiter per deployment (its task queue: deployments sharing a namespace keep their own
    /// limits, and each limiter runs on its own workers), provider and model in any case.
    /// </summary>
    [Fact]
    public void LimiterId_NamesTheQueueTheProviderAndTheModelInLowerCase()
    {
        Assert.Equal("ftw-slots:fine-tune:openai:gpt-4o-mini-2024-07-18", SlotGrant.LimiterId("fine-tune", "openai", "GPT-4o-mini-2024-07-18"));
        Assert.NotEqual(SlotGrant.LimiterId("team-a", "openai", "gpt-4o-mini"), SlotGrant.LimiterId("team-b", "openai", "gpt-4o-mini"));
    }
}
