using YamlDotNet.RepresentationModel;

namespace FineTuneWorkflows.Tests.Deployment;

/// <summary>
/// docker-compose.yml as the checks need it: services, their settings in either of the
/// forms Compose accepts (environment as a map or as KEY=VALUE lines, short-syntax ports),
/// and the folder relative paths start from. Read only; nothing is interpolated.
/// </summary>
public sealed class ComposeFile
{
    private readonly YamlMappingNode services;

    public ComposeFile(string yaml, string folder)
    {
        Text = yaml;
        Folder = folder;
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        services = Child(root, "services") as YamlMappingNode ?? throw new InvalidDataException("docker-compose.yml has no services");
    }

    public string Text { get; }

    /// <summary>The folder holding the file: build contexts and bind mounts are relative to it.</summary>
    public string Folder { get; }

    public IEnumerable<string> ServiceNames => services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    /// <summary>The repository's docker-compose.yml, found beside FineTuneWorkflows.sln.</summary>
    public static ComposeFile Load()
    {
        var root = RepositoryRoot();
        return new ComposeFile(File.ReadAllText(Path.Combine(root, "docker-compose.yml")), root);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FineTuneWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds FineTuneWorkflows.sln");
    }

    public bool HasService(string name) => Child(services, name) is YamlMappingNode;

    public YamlMappingNode Service(string name) =>
        Child(services, name) as YamlMappingNode ?? throw new KeyNotFoundException($"no service {name}");

    public string? Scalar(string service, string key) => (Child(Service(service), key) as YamlScalarNode)?.Value;

    public bool Has(string service, string key) => Child(Service(service), key) is not null;

    public string? Image(string service) => Scalar(service, "image");

    /// <summary>Service → condition; the list form means <c>service_started</c>.</summary>
    public IReadOnlyDictionary<string, string> DependsOn(string service) => Child(Service(service), "depends_on") switch
    {
        YamlSequenceNode list => list.Children.ToDictionary(n => ((YamlScalarNode)n).Value!, _ => "service_started"),
        YamlMappingNode map => map.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value!,
            kv => (Child(kv.Value, "condition") as YamlScalarNode)?.Value ?? "service_started"),
        _ => new Dictionary<string, string>(),
    };

    /// <summary>Variables as written (<c>${X:-y}</c> stays unexpanded); a bare name maps to null.</summary>
    public IReadOnlyDictionary<string, string?> Environment(string service) => Child(Service(service), "environment") switch
    {
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (kv.Value as YamlScalarNode)?.Value),
        YamlSequenceNode list => list.Children.Select(n => ((YamlScalarNode)n).Value!).ToDictionary(
            line => line.Split('=', 2)[0],
            line => line.Contains('=', StringComparison.Ordinal) ? line.Split('=', 2)[1] : null),
        _ => new Dictionary<string, string?>(),
    };

    /// <summary>The command's words: a list as is, a string split on spaces.</summary>
    public IReadOnlyList<string> Words(string service, string key) => Child(Service(service), key) switch
    {
        YamlSequenceNode list => list.Children.Select(n => ((YamlScalarNode)n).Value!).ToList(),
        YamlScalarNode one => one.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        _ => [],
    };

    /// <summary>Published ports, short syntax (<c>[ip:]host:container[/proto]</c> or <c>container</c>) or long.</summary>
    public IReadOnlyList<PortMapping> Ports(string service) => Child(Service(service), "ports") is YamlSequenceNode list
        ? list.Children.Select(PortMapping.Parse).ToList()
        : [];

    public static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}

/// <summary>One <c>ports</c> entry; <see cref="HostPort"/> is null when Docker picks it.</summary>
public sealed record PortMapping(string? HostIp, string? HostPort, string ContainerPort)
{
    public static PortMapping Parse(YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            return new(
                (ComposeFile.Child(map, "host_ip") as YamlScalarNode)?.Value,
                (ComposeFile.Child(map, "published") as YamlScalarNode)?.Value,
                (ComposeFile.Child(map, "target") as YamlScalarNode)?.Value ?? "");
        }

        var parts = ((YamlScalarNode)node).Value!.Split('/')[0].Split(':');
        return parts.Length switch
        {
            1 => new(null, null, parts[0]),
            2 => new(null, parts[0], parts[1]),
            _ => new(parts[^3], parts[^2], parts[^1]),
        };
    }
}
