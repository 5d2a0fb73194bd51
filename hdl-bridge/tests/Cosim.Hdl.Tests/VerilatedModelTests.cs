namespace Cosim.Hdl.Tests;

public sealed class VerilatedModelTests
{
    private const string Signals = "signals.sv";

    [Fact]
    public async Task TickCountsTheFirstRisingEdgeOfAFreshModel()
    {
        using VerilatedModel model = await TestDesigns.OpenAsync(Signals);

        model.Tick();

        Assert.Equal(1UL, model["count"].Value);
        Assert.Equal(1UL, model.Cycle);
    }
}
