using Cosim.Hdl.Toolchain;

namespace Cosim.Hdl.Tests.Toolchain;

/// <summary>
/// The port table's source: Verilator's netlist dumps. The XML vectors are trimmed from Verilator 5.006's
/// <c>--xml-only</c> output of rtl/typed_ports.sv; the JSON vectors follow the shape of <c>--json-only</c>
/// (Verilator's test_regress t_json_only_tag.out: types in miscsp/TYPETABLE/typesp; newer releases put the
/// TYPETABLE under typeTablep).
/// </summary>
public sealed class NetlistReaderTests
{
    private const string TypedPortsXml = """
        <verilator_xml>
          <netlist>
            <module loc="c,11,8,11,19" name="typed_ports" origName="typed_ports" topModule="1">
              <var name="clk" dtype_id="1" dir="input" pinIndex="1" vartype="logic" origName="clk"/>
              <var name="a_byte" dtype_id="2" dir="input" pinIndex="2" vartype="byte_t" origName="a_byte"/>
              <var name="beat" dtype_id="3" dir="input" pinIndex="3" vartype="beat_t" origName="beat"/>
              <var name="lanes" dtype_id="4" dir="output" pinIndex="4" vartype="port" origName="lanes"/>
              <var name="state" dtype_id="5" dir="output" pinIndex="5" vartype="state_t" origName="state"/>
              <var name="go__now" dtype_id="1" dir="input" pinIndex="6" vartype="logic" origName="go___05Fnow"/>
              <var name="internal" dtype_id="2" vartype="logic" origName="internal"/>
            </module>
            <typetable loc="a,0,0,0,0">
              <basicdtype id="1" name="logic"/>
              <basicdtype id="2" name="logic" left="7" right="0"/>
              <basicdtype id="9" name="logic" left="3" right="0"/>
              <refdtype id="10" name="byte_t" sub_dtype_id="2"/>
              <basicdtype id="11" name="logic"/>
              <structdtype id="3" name="$unit::beat_t">
                <memberdtype id="12" name="tag" sub_dtype_id="9"/>
                <memberdtype id="13" name="data" sub_dtype_id="10"/>
                <memberdtype id="14" name="last" sub_dtype_id="11"/>
              </structdtype>
              <packarraydtype id="4" sub_dtype_id="2">
                <range><const name="32&apos;sh3" dtype_id="7"/><const name="32&apos;sh0" dtype_id="7"/></range>
              </packarraydtype>
              <basicdtype id="5" name="logic" left="1" right="0"/>
              <enumdtype id="17" name="$unit::state_t" sub_dtype_id="5"/>
              <basicdtype id="7" name="logic" left="31" right="0" signed="true"/>
            </typetable>
          </netlist>
        </verilator_xml>
        """;

    private const string UnpackedXml = """
        <verilator_xml><netlist>
          <module name="unpacked_port" topModule="1">
            <var name="lanes" dtype_id="5" dir="input" pinIndex="1" vartype="port" origName="lanes"/>
          </module>
          <typetable>
            <basicdtype id="17" name="logic" left="7" right="0"/>
            <unpackarraydtype id="5" sub_dtype_id="17"><range><const name="32&apos;h0"/><const name="32&apos;h3"/></range></unpackarraydtype>
          </typetable>
        </netlist></verilator_xml>
        """;

    private const string TypedPortsJson = """
        {"type":"NETLIST","name":"$root","addr":"(B)",
         "modulesp":[
          {"type":"MODULE","name":"typed_ports","addr":"(E)","level":1,"stmtsp":[
            {"type":"VAR","name":"clk","addr":"(F)","dtypep":"(G)","isPrimaryIO":true,"direction":"INPUT","isFuncLocal":false,"varType":"PORT","childDTypep":[]},
            {"type":"VAR","name":"a_byte","addr":"(H)","dtypep":"(R)","isPrimaryIO":true,"direction":"INPUT","varType":"PORT","childDTypep":[]},
            {"type":"VAR","name":"beat","addr":"(I)","dtypep":"(K)","isPrimaryIO":true,"direction":"INPUT","varType":"PORT","childDTypep":[]},
            {"type":"VAR","name":"lanes","addr":"(J)","dtypep":"(P)","isPrimaryIO":true,"direction":"OUTPUT","varType":"PORT","childDTypep":[]},
            {"type":"VAR","name":"count","addr":"(L)","dtypep":"(S)","isPrimaryIO":true,"direction":"OUTPUT","varType":"PORT","childDTypep":[]},
            {"type":"VAR","name":"scratch","addr":"(M)","dtypep":"(S)","direction":"NONE","varType":"VAR","childDTypep":[]},
            {"type":"FUNC","name":"f","addr":"(Y)","dtypep":"(G)","fvarp":[
              {"type":"VAR","name":"f","addr":"(Z)","dtypep":"(G)","direction":"OUTPUT","isFuncLocal":true,"varType":"VAR","childDTypep":[]}]}
          ]}],
         "miscsp":[
          {"type":"TYPETABLE","name":"","addr":"(C)","typesp":[
            {"type":"BASICDTYPE","name":"logic","addr":"(G)","dtypep":"(G)","keyword":"logic","generic":true,"rangep":[]},
            {"type":"BASICDTYPE","name":"logic","addr":"(Q)","dtypep":"(Q)","keyword":"logic","range":"7:0","generic":true,"rangep":[]},
            {"type":"BASICDTYPE","name":"logic","addr":"(S)","dtypep":"(S)","keyword":"logic","range":"31:0","generic":true,"rangep":[]},
            {"type":"BASICDTYPE","name":"logic","addr":"(T)","dtypep":"(T)","keyword":"logic","range":"3:0","generic":true,"rangep":[]},
            {"type":"REFDTYPE","name":"byte_t","addr":"(R)","dtypep":"(Q)","refDTypep":"(Q)","typedefp":"UNLINKED"},
            {"type":"STRUCTDTYPE","name":"beat_t","addr":"(K)","dtypep":"(K)","packed":true,"membersp":[
              {"type":"MEMBERDTYPE","name":"tag","addr":"(SB)","dtypep":"(SB)","refDTypep":"(T)","childDTypep":[]},
              {"type":"MEMBERDTYPE","name":"data","addr":"(TB)","dtypep":"(TB)","childDTypep":[
                {"type":"BASICDTYPE","name":"logic","addr":"(UB)","dtypep":"(UB)","keyword":"logic","range":"7:0"}]},
              {"type":"MEMBERDTYPE","name":"last","addr":"(VB)","dtypep":"(G)","childDTypep":[]}]},
            {"type":"PACKARRAYDTYPE","name":"","addr":"(P)","dtypep":"(P)","declRange":"[3:0]","refDTypep":"(Q)","childDTypep":[]}
          ]}]}
        """;

    [Fact]
    public void TheXmlNetlistGivesPortsInPinOrderWithPackedWidths()
    {
        IReadOnlyList<NetlistPort> ports = NetlistReader.ReadXml(TypedPortsXml, "typed_ports");

        Assert.Equal(
            [
                new NetlistPort("clk", "clk", PortDirection.Input, 1),
                new NetlistPort("a_byte", "a_byte", PortDirection.Input, 8),
                new NetlistPort("beat", "beat", PortDirection.Input, 13),
                new NetlistPort("lanes", "lanes", PortDirection.Output, 32),
                new NetlistPort("state", "state", PortDirection.Output, 2),
                new NetlistPort("go__now", "go___05Fnow", PortDirection.Input, 1),
            ],
            ports);
    }

    [Fact]
    public void TheXmlNetlistRejectsAnUnpackedArrayPort()
    {
        RtlBuildException thrown = Assert.Throws<RtlBuildException>(() => NetlistReader.ReadXml(UnpackedXml, "unpacked_port"));

        Assert.Contains("port lanes has type an unpacked array", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheXmlNetlistWithoutTheTopModuleIsAnError()
    {
        RtlBuildException thrown = Assert.Throws<RtlBuildException>(() => NetlistReader.ReadXml("<verilator_xml><netlist/></verilator_xml>", "missing"));

        Assert.Contains("no top module 'missing'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJsonNetlistGivesTheModulePortsWithPackedWidths()
    {
        IReadOnlyList<NetlistPort> ports = NetlistReader.ReadJson(TypedPortsJson, "typed_ports");

        // beat = tag (4, via refDTypep) + data (8, inline child type) + last (1, via dtypep); lanes = [3:0] x 8.
        Assert.Equal(
            [
                new NetlistPort("clk", "clk", PortDirection.Input, 1),
                new NetlistPort("a_byte", "a_byte", PortDirection.Input, 8),
                new NetlistPort("beat", "beat", PortDirection.Input, 13),
                new NetlistPort("lanes", "lanes", PortDirection.Output, 32),
                new NetlistPort("count", "count", PortDirection.Output, 32),
            ],
            ports);
    }

    [Fact]
    public void TheJsonNetlistFindsATypeTableUnderTypeTablep()
    {
        const string Json = """
            {"type":"NETLIST","typeTablep":[{"type":"TYPETABLE","typesp":[
               {"type":"BASICDTYPE","name":"logic","addr":"(J)","keyword":"logic","range":"4:0","generic":true}]}],
             "modulesp":[{"type":"MODULE","name":"blink","level":1,"stmtsp":[
               {"type":"VAR","name":"led","dtypep":"(J)","isPrimaryIO":true,"direction":"OUTPUT","varType":"WIRE"}]}]}
            """;

        IReadOnlyList<NetlistPort> ports = NetlistReader.ReadJson(Json, "blink");

        Assert.Equal([new NetlistPort("led", "led", PortDirection.Output, 5)], ports);
    }

    [Fact]
    public void TheJsonNetlistRejectsAStringPort()
    {
        const string Json = """
            {"type":"NETLIST","modulesp":[{"type":"MODULE","name":"t","stmtsp":[
               {"type":"VAR","name":"message","addr":"(A)","dtypep":"(BB)","direction":"INPUT","varType":"PORT"}]}],
             "miscsp":[{"type":"TYPETABLE","typesp":[{"type":"BASICDTYPE","name":"string","addr":"(BB)","keyword":"string"}]}]}
            """;

        RtlBuildException thrown = Assert.Throws<RtlBuildException>(() => NetlistReader.ReadJson(Json, "t"));

        Assert.Contains("port message has type string", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clk", "clk")]
    [InlineData("go__now", "go___05Fnow")]      // "__" → "_" + "__05F" (0x5F is '_')
    [InlineData("a_b", "a_b")]
    [InlineData("bus.x", "bus__02ex")]         // '.' is 0x2e (lower-case hex, as std::hex prints it)
    [InlineData("_lead", "_lead")]
    public void CppNameEncodesNamesAsVerilatorDoes(string name, string expected)
    {
        Assert.Equal(expected, NetlistReader.CppName(name));
    }

    [Theory]
    [InlineData("32'sh3", 3)]
    [InlineData("32'h1f", 31)]
    [InlineData("4'b1010", 10)]
    [InlineData("8'd200", 200)]
    [InlineData("12'o17", 15)]
    [InlineData("7", 7)]
    public void ParseConstantReadsVerilogSizedConstants(string text, long expected)
    {
        Assert.Equal(expected, NetlistReader.ParseConstant(text));
    }
}
