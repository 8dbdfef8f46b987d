using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Common;
using Temporalio.Converters;

namespace FineTuneWorkflows.Tests.Replay.History;

/// <summary>
/// Values as they travel through Temporal: the SDK's default converters, the same ones the
/// worker uses, so a payload in a built history is byte for byte what a real worker would write.
/// </summary>
public static class TemporalPayloads
{
    private static IPayloadConverter Converter => DataConverter.Default.PayloadConverter;

    public static Payload Payload(object? value) => Converter.ToPayload(value);

    /// <summary>The JSON a value travels as; comparing these compares values field by field, lists included.</summary>
    public static string Json(object? value) => Payload(value).Data.ToStringUtf8();

    /// <summary>Reads back a value written by <see cref="Json"/>.</summary>
    public static T Value<T>(string json) => Converter.ToValue<T>(new Payload
    {
        Metadata = { ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain") },
        Data = Google.Protobuf.ByteString.CopyFromUtf8(json),
    });

    public static Failure Failure(Exception exception) =>
        DataConverter.Default.FailureConverter.ToFailure(exception, Converter);

    public static SearchAttributes SearchAttributes(IEnumerable<(SearchAttributeKey<string> Key, string Value)> values)
    {
        var builder = new SearchAttributeCollection.Builder();
        foreach (var (key, value) in values)
        {
            builder.Set(key, value);
        }

        return builder.ToSearchAttributeCollection().ToProto();
    }
}
