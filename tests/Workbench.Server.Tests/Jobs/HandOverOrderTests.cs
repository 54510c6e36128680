using Workbench.Server.Jobs;

namespace Workbench.Server.Tests.Jobs;

/// <summary>What a pass notes for the launches after it: the jobs each one's hand-over waits for, taken once.</summary>
public sealed class HandOverOrderTests
{
    [Fact]
    public void EachAssignedJob_GetsTheHoldingAndAssignedJobsBelowIt()
    {
        var order = new HandOverOrder();

        order.Assigned(holding: [3, 7], assigned: [9, 5, 8]);

        Assert.Equal<long>([3], order.Take(5)!);
        Assert.Equal<long>([3, 7, 5], order.Take(8)!);
        Assert.Equal<long>([3, 7, 5, 8], order.Take(9)!);
    }

    [Fact]
    public void AList_IsTakenOnce_AndAJobNoPassAssignedHasNone()
    {
        var order = new HandOverOrder();
        order.Assigned(holding: [], assigned: [4]);

        Assert.Equal<long>([], order.Take(4)!);
        Assert.Null(order.Take(4));
        Assert.Null(order.Take(5));
    }
}
