using System.Text;
using FineTuneWorkflows.Starter.Api;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Starter;

public class RequestDigestTests
{
    private static CreateFineTuningJobRequest Parse(string body) =>
        CreateRequestReader.Judge(Encoding.UTF8.GetBytes(body)).Request ?? throw new ArgumentException($"not a valid create: {body}");

    [Fact]
    public void Of_KnownRequest_IsPinned()
    {
        // SHA-256 of the canonical form {"model":"gpt-4o-mini","training_file":"file-a"}, worked
        // out by hand: digests are kept in running workflows' memos, so the form may not drift.
        Assert.Equal(
            "v1:29f7c5d309a1bed00c595011e0c0a2d27fa7891ce566a513555da4b38de79063",
            RequestDigest.Of(Parse("""{"training_file":"file-a","model":"gpt-4o-mini"}""")));
    }

    [Fact]
    public void Of_NestedFields_AreSortedAtEveryLevel()
    {
        // The canonical form {"hyperparameters":{"n_epochs":3},"metadata":{"a":"1","b":"2"},"model":"gpt-4o-mini","seed":7,"training_file":"file-a"}.
        Assert.Equal(
            "v1:57db832c1a0a00156f6fbe905fe18f6e1a849200c7a0cf068d42bc937fd15aed",
            RequestDigest.Of(Parse("""{"seed":7,"metadata":{"b":"2","a":"1"},"training_file":"file-a","hyperparameters":{"n_epochs":3.0},"model":"gpt-4o-mini"}""")));
    }

    [Theory]
    [InlineData("{ \"model\" : \"gpt-4o-mini\" ,\n\t\"training_file\" : \"file-a\" }")]
    [InlineData("""{"training_file":"file-a","model":"gpt-4o-mini"}""")]
    [InlineData("""{"model":"gpt-4o-\u006Dini","training_file":"file-a"}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","suffix":null,"validation_file":null,"seed":null}""")]
    public void Of_SameRequestSpelledDifferently_SameDigest(string body)
    {
        Assert.Equal(RequestDigest.Of(Parse("""{"model":"gpt-4o-mini","training_file":"file-a"}""")), RequestDigest.Of(Parse(body)));
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","training_file":"file-a"}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-b"}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","suffix":"x"}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","seed":0}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","metadata":{"a":"1"}}""")]
    [InlineData("""{"model":"gpt-4o-mini","training_file":"file-a","hyperparameters":{"n_epochs":"auto"}}""")]
    [InlineData("""{"model":"GPT-4o-mini","training_file":"file-a"}""")]
    public void Of_AnotherRequest_AnotherDigest(string body)
    {
        Assert.NotEqual(RequestDigest.Of(Parse("""{"model":"gpt-4o-mini","training_file":"file-a"}""")), RequestDigest.Of(Parse(body)));
    }

    [Theory]
    [InlineData(null, "v1:aa", false)]
    [InlineData("v1:aa", "v1:aa", false)]
    [InlineData("v1:aa", "v1:bb", true)]
    [InlineData("v0:aa", "v1:bb", false)]
    [InlineData("", "v1:bb", false)]
    public void IsOtherRequest_RecordedAndPresented_Judged(string? recorded, string presented, bool other)
    {
        Assert.Equal(other, RequestDigest.IsOtherRequest(recorded, presented));
    }
}
