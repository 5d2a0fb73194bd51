// Deliberately unsupported: an unpacked array port has no single bit-vector storage the shim could point at.
module unpacked_port (
    input  wire       clk,
    input  wire [7:0] lanes [4],
    output wire [7:0] first
);
    assign first = lanes[0];
endmodule
