namespace FineTuneWorkflows.Cli.Validation;

/// <summary>One line of a JSONL file, without its line break; <paramref name="TooLong"/> when it was skipped for its length.</summary>
/// <remarks>The bytes belong to the reader's buffer: use them before asking for the next line.</remarks>
public readonly record struct JsonlLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);
