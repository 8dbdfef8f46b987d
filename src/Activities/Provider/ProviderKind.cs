namespace FineTuneWorkflows.Activities.Provider;

/// <summary>Which API the client speaks to; each authenticates differently.</summary>
public enum ProviderKind
{
    /// <summary>The Portkey AI gateway (hosted or self-hosted), fronting OpenAI, Azure OpenAI or Vertex AI.</summary>
    Portkey,

    /// <summary>OpenAI directly, or any server that speaks its API (the simulator, for one).</summary>
    OpenAI,

    /// <summary>Azure OpenAI directly.</summary>
    Azure,
}
