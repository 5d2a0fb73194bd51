// Deliberately broken: a missing semicolon after the assignment on line 6. RtlBuilder must report the file and line.
module syntax_error (
    input  wire clk,
    output wire q
);
    assign q = clk
endmodule
