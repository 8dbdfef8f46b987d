namespace FineTuneWorkflows.Cli.Validation;

/// <summary>
/// The checks of OpenAI's data-preparation recipe (codes as it names them), and the few it
/// leaves out that the fine-tuning API still enforces (weights, preference pairs, one format per file).
/// </summary>
public static class Rules
{
    public static readonly Rule InvalidUtf8 = new("invalid_utf8", Severity.Error, "the line is not valid UTF-8");
    public static readonly Rule InvalidJson = new("invalid_json", Severity.Error, "the line is not JSON");
    public static readonly Rule LineTooLong = new("line_too_long", Severity.Error, "the line is longer than this check reads (--max-line-mb)");
    public static readonly Rule DataType = new("data_type", Severity.Error, "the line is not a JSON object");
    public static readonly Rule MissingMessagesList = new("missing_messages_list", Severity.Error, "no non-empty \"messages\" list (nor a preference pair)");
    public static readonly Rule MessageMissingKey = new("message_missing_key", Severity.Error, "a message without \"role\" or \"content\"");
    public static readonly Rule MessageUnrecognizedKey = new("message_unrecognized_key", Severity.Error, "a message key other than role, content, name, function_call, weight (and tool_calls, tool_call_id where the example has tools)");
    public static readonly Rule UnrecognizedRole = new("unrecognized_role", Severity.Error, "a role other than system, user, assistant, function (and tool where the example has tools)");
    public static readonly Rule MissingContent = new("missing_content", Severity.Error, "a message whose content is empty or not text, and which calls no function or tool");
    public static readonly Rule InvalidWeight = new("invalid_weight", Severity.Error, "a \"weight\" other than 0 or 1");
    public static readonly Rule MissingAssistantMessage = new("example_missing_assistant_message", Severity.Error, "no assistant message to learn from");
    public static readonly Rule PreferenceMissingInput = new("dpo_missing_input", Severity.Error, "a preference pair without an \"input\" object holding a non-empty \"messages\" list");
    public static readonly Rule PreferenceMissingOutput = new("dpo_missing_output", Severity.Error, "a preference pair without non-empty \"preferred_output\" and \"non_preferred_output\" lists of assistant messages");
    public static readonly Rule MixedFormats = new("mixed_formats", Severity.Error, "chat examples and preference pairs in one file: a job trains on one method");
    public static readonly Rule TooFewExamples = new("too_few_examples", Severity.Error, "fewer than 10 examples: OpenAI refuses the file (line 0: the whole file)");
    public static readonly Rule EmptyLine = new("empty_line", Severity.Warning, "an empty line (skipped here; JSONL has one example per line)");
    public static readonly Rule MissingSystemMessage = new("missing_system_message", Severity.Warning, "no system message");
    public static readonly Rule MissingUserMessage = new("missing_user_message", Severity.Warning, "no user message");
    public static readonly Rule ExampleTooLong = new("example_too_long", Severity.Warning, "more tokens than the model takes in one example: it is truncated in training");

    /// <summary>Every rule, in the order a report lists them.</summary>
    public static readonly IReadOnlyList<Rule> All =
    [
        InvalidUtf8, InvalidJson, LineTooLong, DataType, MissingMessagesList, MessageMissingKey, MessageUnrecognizedKey, UnrecognizedRole,
        MissingContent, InvalidWeight, MissingAssistantMessage, PreferenceMissingInput, PreferenceMissingOutput, MixedFormats, TooFewExamples,
        EmptyLine, MissingSystemMessage, MissingUserMessage, ExampleTooLong,
    ];
}
