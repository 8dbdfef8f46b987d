using System.Globalization;
using System.Text;
using FineTuneWorkflows.Wire;

namespace FineTuneWorkflows.Tests.Simulator;

public class FilesApiTests
{
    private const string CsvHeader = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy";

    [Fact]
    public async Task UploadFile_Multipart_StoresTheBytesForRetrieveAndContent()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"messages\":[]}\n");

        var file = await UploadAsync(sim, bytes, "train.jsonl", "fine-tune");
        var read = await sim.GetAsync<ProviderFile>($"files/{file.Id}");
        using var content = await sim.SendAsync(HttpMethod.Get, $"files/{file.Id}/content");

        Assert.Matches("^file-[A-Za-z0-9]{24}$", file.Id);
        Assert.Equal(bytes.Length, read.Bytes);
        Assert.Equal("train.jsonl", read.Filename);
        Assert.Equal("fine-tune", read.Purpose);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(SimulatorSession.Ct));
    }

    [Fact]
    public async Task DeleteFile_Uploaded_IsGoneAfterwards()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var file = await UploadAsync(sim, [1, 2, 3], "x.jsonl", "fine-tune");

        using var deleted = await sim.SendAsync(HttpMethod.Delete, $"files/{file.Id}");
        using var after = await sim.SendAsync(HttpMethod.Get, $"files/{file.Id}");

        Assert.True((await SimulatorSession.ReadAsync<System.Text.Json.JsonElement>(deleted)).GetProperty("deleted").GetBoolean());
        await SimulatorSession.ReadErrorAsync(after, 404);
    }

    [Fact]
    public async Task UploadFile_WithoutPurpose_Returns400()
    {
        await using var sim = await SimulatorSession.StartAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "x.jsonl" } };

        using var response = await sim.SendAsync(HttpMethod.Post, "files", form);

        Assert.Equal("purpose", (await SimulatorSession.ReadErrorAsync(response, 400)).Param);
    }

    [Fact]
    public async Task UploadFile_WithoutFile_Returns400()
    {
        await using var sim = await SimulatorSession.StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("fine-tune"), "purpose" } };

        using var response = await sim.SendAsync(HttpMethod.Post, "files", form);

        Assert.Equal("file", (await SimulatorSession.ReadErrorAsync(response, 400)).Param);
    }

    [Fact]
    public async Task RetrieveFile_ResultOfSucceededJob_DescribesStepMetricsWithExactSize()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var resultId = await SucceededResultFileAsync(sim);

        var file = await sim.GetAsync<ProviderFile>($"files/{resultId}");
        using var content = await sim.SendAsync(HttpMethod.Get, $"files/{resultId}/content");
        var body = await content.Content.ReadAsByteArrayAsync(SimulatorSession.Ct);

        Assert.Equal("step_metrics.csv", file.Filename);
        Assert.Equal("fine-tune-results", file.Purpose);
        Assert.Equal(body.Length, file.Bytes);
        Assert.Equal("application/octet-stream", content.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task FileContent_ResultCsv_HasHeaderRowsSparseValidationAndFallingLoss()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ResultRows = 200);
        var resultId = await SucceededResultFileAsync(sim);

        var lines = await ReadLinesAsync(sim, resultId);

        Assert.Equal(CsvHeader, lines[0]);
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(200, rows.Count);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(int.Parse(r[0], CultureInfo.InvariantCulture) % 10 == 0, r[3].Length > 0 && r[4].Length > 0));
        var loss = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToList();
        Assert.True(loss.Take(20).Average() > loss.TakeLast(20).Average() * 2, "the loss should fall");
        Assert.Contains(loss.Zip(loss.Skip(1)), pair => pair.Second > pair.First);
    }

    [Fact]
    public async Task FileContent_SameJobTwice_IsIdentical()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var resultId = await SucceededResultFileAsync(sim);

        Assert.Equal(await ReadLinesAsync(sim, resultId), await ReadLinesAsync(sim, resultId));
    }

    [Fact]
    public async Task FileContent_ResultBase64_DecodesToThePlainCsvAndMatchesTheAnnouncedSize()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ResultRows = 101);
        var resultId = await SucceededResultFileAsync(sim);
        var plain = string.Join('\n', await ReadLinesAsync(sim, resultId)) + "\n";

        sim.Host.Options.ResultBase64 = true;
        var encoded = await ReadTextAsync(sim, resultId);
        var described = await sim.GetAsync<ProviderFile>($"files/{resultId}");

        Assert.Equal(plain, Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
        Assert.Equal(encoded.Length, described.Bytes);
    }

    [Fact]
    public async Task FileContent_MillionRows_StreamsTensOfMegabytesOfTheAnnouncedSize()
    {
        await using var sim = await SimulatorSession.StartAsync(o => o.ResultRows = 1_000_000);
        var resultId = await SucceededResultFileAsync(sim);
        var announced = (await sim.GetAsync<ProviderFile>($"files/{resultId}")).Bytes;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"files/{resultId}/content");
        request.Headers.Authorization = new("Bearer", SimulatorSession.Key);
        using var response = await sim.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, SimulatorSession.Ct);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(SimulatorSession.Ct);
        var buffer = new byte[81920];
        long bytes = 0, newlines = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, SimulatorSession.Ct)) > 0)
        {
            bytes += read;
            newlines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        Assert.Equal(announced, bytes);
        Assert.Equal(response.Content.Headers.ContentLength, bytes);
        Assert.Equal(1_000_001, newlines);
        Assert.InRange(bytes, 20_000_000, 80_000_000);
    }

    [Fact]
    public async Task FileContent_ResultOfRunningJob_Returns404()
    {
        await using var sim = await SimulatorSession.StartAsync();
        var job = await sim.CreateJobAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, $"files/file-result-{job.Id[6..]}/content");

        await SimulatorSession.ReadErrorAsync(response, 404);
    }

    [Fact]
    public async Task RetrieveFile_Unknown_Returns404()
    {
        await using var sim = await SimulatorSession.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Get, "files/file-nothing");

        await SimulatorSession.ReadErrorAsync(response, 404);
    }

    private static async Task<ProviderFile> UploadAsync(SimulatorSession sim, byte[] bytes, string filename, string purpose)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(purpose), "purpose" },
            { new ByteArrayContent(bytes), "file", filename },
        };
        using var response = await sim.SendAsync(HttpMethod.Post, "files", form);
        return await SimulatorSession.ReadAsync<ProviderFile>(response);
    }

    private static async Task<string> SucceededResultFileAsync(SimulatorSession sim)
    {
        var job = await sim.CreateJobAsync();
        sim.AdvancePastTheEnd();
        var done = await sim.GetAsync<FineTuningJob>($"fine_tuning/jobs/{job.Id}");
        Assert.Equal(JobStatus.Succeeded, done.Status);
        return Assert.Single(done.ResultFiles!);
    }

    private static async Task<string[]> ReadLinesAsync(SimulatorSession sim, string fileId) =>
        (await ReadTextAsync(sim, fileId)).TrimEnd('\n').Split('\n');

    private static async Task<string> ReadTextAsync(SimulatorSession sim, string fileId)
    {
        using var response = await sim.SendAsync(HttpMethod.Get, $"files/{fileId}/content");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(SimulatorSession.Ct);
    }
}
