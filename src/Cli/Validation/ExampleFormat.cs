namespace FineTuneWorkflows.Cli.Validation;

/// <summary>The shape of one example, named after the <c>method.type</c> that trains on it.</summary>
public enum ExampleFormat
{
    /// <summary><c>{"messages":[…]}</c>, optionally with <c>tools</c>: supervised fine-tuning.</summary>
    Supervised,

    /// <summary><c>{"input":{"messages":[…]},"preferred_output":[…],"non_preferred_output":[…]}</c>: DPO.</summary>
    Dpo,
}
