using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace FineTuneWorkflows.Tests.Deployment;

/// <summary>
/// The consistency rules docker-compose.yml must keep, each returning what breaks it (empty
/// when kept), so a test can run it on the real file and on a broken one alike. Nothing here
/// can start a container: these rules catch what reading the files can catch.
/// </summary>
public static partial class ComposeChecks
{
    public const string WorkerService = "worker";
    public const string StarterService = "starter";

    /// <summary>Development placeholders a secret setting may default to; none opens anything real.</summary>
    public static readonly IReadOnlySet<string> PlaceholderSecrets = new HashSet<string>(StringComparer.Ordinal)
    {
        "sk-simulator", // the simulator takes any non-empty key
        "dev-starter-key", // the starter listens on loopback only
        "temporal", // Temporal's sample database password; no host port reaches PostgreSQL
    };

    public static IReadOnlyList<string> MissingDependencies(ComposeFile compose) =>
        [.. from service in compose.ServiceNames
            from target in compose.DependsOn(service).Keys
            where !compose.HasService(target)
            select $"{service} depends on {target}, which is no service"];

    public static IReadOnlyList<string> AwaitedWithoutHealthcheck(ComposeFile compose) =>
        [.. (from service in compose.ServiceNames
             from dependency in compose.DependsOn(service)
             where dependency.Value == "service_healthy" && compose.HasService(dependency.Key) && !compose.Has(dependency.Key, "healthcheck")
             select $"{service} waits for {dependency.Key} to be healthy, which has no healthcheck").Distinct()];

    /// <summary>The service running register-search-attributes.sh must register exactly <paramref name="expected"/> (NAME=TYPE).</summary>
    public static IReadOnlyList<string> SearchAttributeMismatch(ComposeFile compose, IReadOnlyCollection<string> expected)
    {
        var registrars = compose.ServiceNames
            .Where(s => compose.Words(s, "entrypoint").Concat(compose.Words(s, "command")).Any(w => w.EndsWith("register-search-attributes.sh", StringComparison.Ordinal)))
            .ToList();
        if (registrars.Count != 1)
        {
            return [$"expected one service running register-search-attributes.sh, found {registrars.Count}"];
        }

        var service = registrars[0];
        var registered = compose.Words(service, "command").Where(w => w.Contains('=', StringComparison.Ordinal)).ToList();
        var problems = new List<string>();
        problems.AddRange(expected.Except(registered, StringComparer.Ordinal).Select(a => $"{service} does not register {a}"));
        problems.AddRange(registered.Except(expected, StringComparer.Ordinal).Select(a => $"{service} registers {a}, which the workflow does not use"));
        problems.AddRange(registered.GroupBy(a => a, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{service} registers {g.Key} twice"));
        if (!compose.Image(service)?.StartsWith("temporalio/admin-tools:", StringComparison.Ordinal) ?? true)
        {
            problems.Add($"{service} must run temporalio/admin-tools, which has the temporal CLI");
        }

        return problems;
    }

    public static IReadOnlyList<string> DuplicateHostPorts(ComposeFile compose) =>
        [.. from service in compose.ServiceNames
            from port in compose.Ports(service)
            where port.HostPort is not null
            group service by port.HostPort into owners
            where owners.Count() > 1
            select $"host port {owners.Key} is published by {string.Join(", ", owners)}"];

    /// <summary>Every pulled image names a tag other than latest (or a digest); built services need none.</summary>
    public static IReadOnlyList<string> UnpinnedImages(ComposeFile compose) =>
        [.. from service in compose.ServiceNames
            let image = compose.Image(service)
            where image is null ? !compose.Has(service, "build") : !IsPinned(image)
            select $"{service}: image {image ?? "(none, and no build)"} is not pinned to a version"];

    public static IReadOnlyList<string> UnpinnedBaseImages(ComposeFile compose) =>
        [.. from dockerfile in Dockerfiles(compose)
            where File.Exists(dockerfile.Path)
            from line in File.ReadLines(dockerfile.Path)
            let words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            where words.Length > 1 && words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase)
            where !IsPinned(words[1])
            select $"{dockerfile.Service}: base image {words[1]} is not pinned to a version"];

    /// <summary>The worker scales with --scale: a fixed container name or host port would collide.</summary>
    public static IReadOnlyList<string> WorkerScalingProblems(ComposeFile compose)
    {
        if (!compose.HasService(WorkerService))
        {
            return [$"no {WorkerService} service"];
        }

        var problems = new List<string>();
        if (compose.Has(WorkerService, "container_name"))
        {
            problems.Add($"{WorkerService} has a container_name, so a second replica cannot start");
        }

        problems.AddRange(compose.Ports(WorkerService).Select(p => $"{WorkerService} publishes port {p.ContainerPort}, which replicas would share"));
        return problems;
    }

    /// <summary>Each build names a Dockerfile that exists and whose final ENTRYPOINT runs its project's assembly.</summary>
    public static IReadOnlyList<string> DockerfileProblems(ComposeFile compose)
    {
        var problems = new List<string>();
        foreach (var (service, path) in Dockerfiles(compose))
        {
            if (!File.Exists(path))
            {
                problems.Add($"{service}: {path} does not exist");
                continue;
            }

            var project = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.csproj").SingleOrDefault();
            var assembly = project is null ? null : XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value;
            if (assembly is null)
            {
                problems.Add($"{service}: no project with an AssemblyName beside {path}");
                continue;
            }

            var entrypoint = File.ReadLines(path).Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("ENTRYPOINT", StringComparison.OrdinalIgnoreCase));
            var words = entrypoint is null ? [] : EntrypointWords(entrypoint["ENTRYPOINT".Length..].Trim());
            if (!words.Any(w => w == $"{assembly}.dll" || w.EndsWith($"/{assembly}.dll", StringComparison.Ordinal)))
            {
                problems.Add($"{service}: the final ENTRYPOINT of {path} does not run {assembly}.dll ({entrypoint ?? "none"})");
            }
        }

        return problems;
    }

    /// <summary>
    /// The restore step has what a locked restore needs: global.json, the Directory.*.props,
    /// .editorconfig (analyzers run with warnings as errors) and, for the project and every
    /// project it references, its .csproj and packages.lock.json; the sources follow.
    /// </summary>
    public static IReadOnlyList<string> RestoreInputProblems(ComposeFile compose)
    {
        var problems = new List<string>();
        foreach (var (service, path) in Dockerfiles(compose).Where(d => File.Exists(d.Path)))
        {
            var copies = string.Join('\n', File.ReadLines(path).Where(l => l.TrimStart().StartsWith("COPY ", StringComparison.OrdinalIgnoreCase)));
            var project = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.csproj").SingleOrDefault();
            if (project is null)
            {
                continue;
            }

            var needed = new List<string> { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" };
            foreach (var folder in ProjectClosure(project).Select(p => Path.GetRelativePath(compose.Folder, Path.GetDirectoryName(p)!).Replace('\\', '/')))
            {
                var csproj = Path.GetFileName(Directory.GetFiles(Path.Combine(compose.Folder, folder), "*.csproj").Single());
                needed.AddRange([$"{folder}/{csproj}", $"{folder}/packages.lock.json", $"COPY {folder}/ {folder}/"]);
            }

            problems.AddRange(needed.Where(n => !copies.Contains(n, StringComparison.Ordinal)).Select(n => $"{service}: {Path.GetFileName(Path.GetDirectoryName(path))}/Dockerfile never copies {n}"));
        }

        return problems;
    }

    /// <summary>Worker and starter reach Temporal by its service name and the port it serves inside the network.</summary>
    public static IReadOnlyList<string> TemporalAddressProblems(ComposeFile compose)
    {
        var servers = compose.ServiceNames.Where(s => compose.Image(s)?.StartsWith("temporalio/server:", StringComparison.Ordinal) ?? false).ToList();
        if (servers.Count != 1)
        {
            return [$"expected one temporalio/server service, found {servers.Count}"];
        }

        var ports = compose.Ports(servers[0]).Select(p => p.ContainerPort).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var client in new[] { WorkerService, StarterService })
        {
            var address = compose.HasService(client) ? compose.Environment(client).GetValueOrDefault("Temporal__Address") : null;
            var parts = address?.Split(':');
            if (parts is not [var host, var port] || host != servers[0] || !ports.Contains(port))
            {
                problems.Add($"{client}: Temporal__Address is {address ?? "missing"}, not {servers[0]}:<one of {string.Join(", ", ports)}>");
            }
        }

        return problems;
    }

    /// <summary>Worker, starter and the registration agree on the namespace; worker and starter on the task queue.</summary>
    public static IReadOnlyList<string> TemporalSettingMismatch(ComposeFile compose)
    {
        string? Setting(string service, string name) => compose.HasService(service) ? compose.Environment(service).GetValueOrDefault(name) : null;
        var registrar = compose.ServiceNames.FirstOrDefault(s => compose.Words(s, "entrypoint").Any(w => w.EndsWith("register-search-attributes.sh", StringComparison.Ordinal)));
        var problems = new List<string>();
        var namespaces = new[] { Setting(WorkerService, "Temporal__Namespace"), Setting(StarterService, "Temporal__Namespace"), registrar is null ? null : Setting(registrar, "TEMPORAL_NAMESPACE") };
        if (namespaces.Any(n => n is null) || namespaces.Distinct().Count() != 1)
        {
            problems.Add($"namespaces differ (worker, starter, registration): {string.Join(", ", namespaces.Select(n => n ?? "missing"))}");
        }

        var queues = new[] { Setting(WorkerService, "Temporal__TaskQueue"), Setting(StarterService, "Temporal__TaskQueue") };
        if (queues.Any(q => q is null) || queues[0] != queues[1])
        {
            problems.Add($"task queues differ (worker, starter): {string.Join(", ", queues.Select(q => q ?? "missing"))}");
        }

        return problems;
    }

    /// <summary>
    /// A setting named like a secret takes its value from the environment (<c>${VAR}</c>,
    /// <c>${VAR:-default}</c>), defaulting to nothing or to a known placeholder; and nothing
    /// in the file looks like a provider key.
    /// </summary>
    public static IReadOnlyList<string> CommittedSecrets(ComposeFile compose)
    {
        var problems = new List<string>();
        foreach (var service in compose.ServiceNames)
        {
            foreach (var (name, value) in compose.Environment(service).Where(e => SecretName().IsMatch(e.Key)))
            {
                var substitution = value is null ? null : Substitution().Match(value);
                if (value is not null && substitution is not { Success: true })
                {
                    problems.Add($"{service}: {name} is written into the file instead of coming from the environment");
                }
                else if (substitution?.Groups["default"].Value is { Length: > 0 } fallback && !PlaceholderSecrets.Contains(fallback))
                {
                    problems.Add($"{service}: {name} defaults to a value that is no known placeholder");
                }
            }
        }

        problems.AddRange(KeyLike().Matches(compose.Text).Select(m => $"something like a provider key is in the file: {m.Value[..6]}…"));
        return problems;
    }

    public static bool IsPinned(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return true; // a digest pins harder than any tag
        }

        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && lastSegment[(colon + 1)..] is { Length: > 0 } tag && tag != "latest";
    }

    public static IEnumerable<(string Service, string Path)> Dockerfiles(ComposeFile compose)
    {
        foreach (var service in compose.ServiceNames.Where(s => compose.Has(s, "build")))
        {
            var build = ComposeFile.Child(compose.Service(service), "build");
            var context = build is YamlScalarNode s ? s.Value! : (ComposeFile.Child(build!, "context") as YamlScalarNode)?.Value ?? ".";
            var dockerfile = (ComposeFile.Child(build!, "dockerfile") as YamlScalarNode)?.Value ?? "Dockerfile";
            yield return (service, Path.GetFullPath(Path.Combine(compose.Folder, context, dockerfile)));
        }
    }

    private static string[] EntrypointWords(string arguments) => arguments.StartsWith('[')
        ? JsonSerializer.Deserialize<string[]>(arguments) ?? []
        : arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next) || !File.Exists(next))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference").Select(r => r.Attribute("Include")?.Value).OfType<string>())
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Replace('\\', '/'))));
            }
        }

        return seen;
    }

    [GeneratedRegex("(?i)(key|secret|password|pwd|token)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-(?<default>[^}]*))?\}$")]
    private static partial Regex Substitution();

    // OpenAI keys (sk-…, sk-proj-…) and long bearer-like tokens.
    [GeneratedRegex(@"\bsk-[A-Za-z0-9_-]{20,}")]
    private static partial Regex KeyLike();
}
