using FineTuneWorkflows.Workflows;

namespace FineTuneWorkflows.Tests.Deployment;

/// <summary>
/// docker-compose.yml and the Dockerfiles agree with each other and with the code. No Docker
/// engine runs here: each rule is checked on the committed file, and on a small broken file
/// to show the rule can fail.
/// </summary>
public class ComposeFileTests
{
    private static readonly ComposeFile Repository = ComposeFile.Load();

    /// <summary>What the workflow upserts, as the registration service must list it.</summary>
    private static readonly string[] WorkflowSearchAttributes =
        [.. SearchAttributes.All.Select(k => $"{k.Name}={k.ValueType}")];

    [Fact]
    public void DependsOn_RepositoryFile_EveryTargetIsAService() =>
        Assert.Empty(ComposeChecks.MissingDependencies(Repository));

    [Fact]
    public void DependsOn_UnknownTarget_IsReported() =>
        Assert.Single(ComposeChecks.MissingDependencies(Broken("""
            services:
              a: { image: "x:1", depends_on: [b] }
            """)));

    [Fact]
    public void ServiceHealthy_RepositoryFile_EveryAwaitedServiceHasAHealthcheck() =>
        Assert.Empty(ComposeChecks.AwaitedWithoutHealthcheck(Repository));

    [Fact]
    public void ServiceHealthy_AwaitedServiceWithoutHealthcheck_IsReported() =>
        Assert.Single(ComposeChecks.AwaitedWithoutHealthcheck(Broken("""
            services:
              a: { image: "x:1", depends_on: { b: { condition: service_healthy } } }
              b: { image: "x:1" }
            """)));

    [Fact]
    public void SearchAttributes_WorkflowKeys_AreTheFourKeywords() =>
        Assert.Equal(["FineTuneStatus=Keyword", "FineTuneModel=Keyword", "FineTuneProvider=Keyword", "FineTuneJobId=Keyword"], WorkflowSearchAttributes);

    [Fact]
    public void SearchAttributes_RepositoryFile_RegistersExactlyTheWorkflowKeys() =>
        Assert.Empty(ComposeChecks.SearchAttributeMismatch(Repository, WorkflowSearchAttributes));

    [Fact]
    public void SearchAttributes_OneMissingOneExtra_BothReported() =>
        Assert.Equal(2, ComposeChecks.SearchAttributeMismatch(Broken("""
            services:
              sa:
                image: temporalio/admin-tools:1.30.1
                entrypoint: ["/bin/sh", "/deploy/register-search-attributes.sh"]
                command: ["FineTuneStatus=Keyword", "FineTuneModel=Keyword", "FineTuneProvider=Keyword", "FineTuneJobID=Keyword"]
            """), WorkflowSearchAttributes).Count);

    [Fact]
    public void HostPorts_RepositoryFile_AreUnique() =>
        Assert.Empty(ComposeChecks.DuplicateHostPorts(Repository));

    [Fact]
    public void HostPorts_SamePortTwice_IsReported() =>
        Assert.Single(ComposeChecks.DuplicateHostPorts(Broken("""
            services:
              a: { image: "x:1", ports: ["127.0.0.1:8080:8080"] }
              b: { image: "x:1", ports: ["8080:80"] }
            """)));

    [Fact]
    public void Images_RepositoryFile_ArePinned() =>
        Assert.Empty(ComposeChecks.UnpinnedImages(Repository));

    [Fact]
    public void Images_LatestOrNoTag_AreReported() =>
        Assert.Equal(2, ComposeChecks.UnpinnedImages(Broken("""
            services:
              a: { image: "postgres:latest" }
              b: { image: "localhost:5000/temporalio/ui" }
              c: { image: "postgres:16" }
              d: { image: "postgres@sha256:0123" }
            """)).Count);

    [Fact]
    public void BaseImages_RepositoryDockerfiles_ArePinned() =>
        Assert.Empty(ComposeChecks.UnpinnedBaseImages(Repository));

    [Fact]
    public void Worker_RepositoryFile_CanScale() =>
        Assert.Empty(ComposeChecks.WorkerScalingProblems(Repository));

    [Fact]
    public void Worker_ContainerNameAndHostPort_BothReported() =>
        Assert.Equal(2, ComposeChecks.WorkerScalingProblems(Broken("""
            services:
              worker: { build: ., container_name: worker, ports: ["9000:9000"] }
            """)).Count);

    [Fact]
    public void Dockerfiles_RepositoryFile_ExistAndRunTheirProjectsAssembly() =>
        Assert.Empty(ComposeChecks.DockerfileProblems(Repository));

    [Fact]
    public void Dockerfiles_MissingFileAndWrongEntrypoint_BothReported()
    {
        using var folder = new TempFolder();
        folder.Write("src/Worker/Worker.csproj", "<Project><PropertyGroup><AssemblyName>FineTuneWorkflows.Worker</AssemblyName></PropertyGroup></Project>");
        folder.Write("src/Worker/Dockerfile", "FROM x:1\nENTRYPOINT [\"dotnet\", \"FineTuneWorkflows.Worker.dll\"]\nENTRYPOINT [\"dotnet\", \"FineTuneWorkflows.Starter.dll\"]\n");
        var compose = new ComposeFile("""
            services:
              worker: { build: { context: ., dockerfile: src/Worker/Dockerfile } }
              starter: { build: { context: ., dockerfile: src/Starter/Dockerfile } }
            """, folder.Path);

        Assert.Equal(2, ComposeChecks.DockerfileProblems(compose).Count);
    }

    [Fact]
    public void Dockerfiles_RepositoryFile_RestoreFromEveryBuildInputAndLockFile() =>
        Assert.Empty(ComposeChecks.RestoreInputProblems(Repository));

    [Fact]
    public void Dockerfiles_ReferencedProjectNotCopied_IsReported()
    {
        using var folder = new TempFolder();
        folder.Write("src/Lib/Lib.csproj", "<Project />");
        folder.Write("src/App/App.csproj", "<Project><ItemGroup><ProjectReference Include=\"../Lib/Lib.csproj\" /></ItemGroup></Project>");
        folder.Write("src/App/Dockerfile", """
            FROM x:1
            COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
            COPY src/App/App.csproj src/App/packages.lock.json src/App/
            COPY src/App/ src/App/
            """);
        var compose = new ComposeFile("services:\n  app: { build: { context: ., dockerfile: src/App/Dockerfile } }\n", folder.Path);

        Assert.Equal(3, ComposeChecks.RestoreInputProblems(compose).Count);
    }

    [Fact]
    public void TemporalAddress_RepositoryFile_NamesTheServerServiceAndPort() =>
        Assert.Empty(ComposeChecks.TemporalAddressProblems(Repository));

    [Fact]
    public void TemporalAddress_LocalhostOrWrongPort_IsReported() =>
        Assert.Equal(2, ComposeChecks.TemporalAddressProblems(Broken("""
            services:
              temporal: { image: "temporalio/server:1.30.1", ports: ["127.0.0.1:7233:7233"] }
              worker: { build: ., environment: { Temporal__Address: "localhost:7233" } }
              starter: { build: ., environment: ["Temporal__Address=temporal:7234"] }
            """)).Count);

    [Fact]
    public void TemporalSettings_RepositoryFile_AgreeOnNamespaceAndTaskQueue() =>
        Assert.Empty(ComposeChecks.TemporalSettingMismatch(Repository));

    [Fact]
    public void TemporalSettings_DifferentTaskQueues_IsReported() =>
        Assert.Single(ComposeChecks.TemporalSettingMismatch(Broken("""
            services:
              sa: { image: "x:1", entrypoint: ["/bin/sh", "/deploy/register-search-attributes.sh"], environment: { TEMPORAL_NAMESPACE: default } }
              worker: { build: ., environment: { Temporal__Namespace: default, Temporal__TaskQueue: a } }
              starter: { build: ., environment: { Temporal__Namespace: default, Temporal__TaskQueue: b } }
            """)));

    [Fact]
    public void Secrets_RepositoryFile_ComeFromTheEnvironment() =>
        Assert.Empty(ComposeChecks.CommittedSecrets(Repository));

    [Fact]
    public void Secrets_WrittenValueRealDefaultAndKeyLikeText_AreReported() =>
        Assert.Equal(3, ComposeChecks.CommittedSecrets(Broken("""
            services:
              worker:
                build: .
                environment:
                  Provider__ApiKey: sk-abcdefghijklmnopqrstuvwxyz012345
                  Provider__ProviderApiKey: ${PROVIDER_PROVIDER_API_KEY:-hunter2}
                  Provider__VirtualKey: ${PROVIDER_VIRTUAL_KEY:-}
                  Starter__ApiKeys__0: ${STARTER_API_KEY:-dev-starter-key}
            """)).Count);

    private static ComposeFile Broken(string yaml) => new(yaml, Path.GetTempPath());

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ftw-compose-").FullName;

        public void Write(string relative, string text)
        {
            var file = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
