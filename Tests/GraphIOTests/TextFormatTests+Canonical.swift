import Testing

/// Canonical text: exactly what Python's `text_format.MessageToString` prints for the message,
/// so parsing then printing must give it back unchanged (each row was checked against Python).
extension TextFormatTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static let canonical: [Row] = [
        Row(name: "node with inputs, device and a type attr", text: """
            node {
              name: "a"
              op: "Const"
              input: "x:1"
              input: "^y"
              device: "/device:CPU:0"
              attr {
                key: "dtype"
                value {
                  type: DT_FLOAT
                }
              }
            }
            versions {
              producer: 1234
              min_consumer: 12
              bad_consumers: 3
              bad_consumers: 5
            }

            """),
        Row(name: "escapes: strings keep UTF-8, bytes spell it in octal; controls and quotes escaped", text: #"""
            node {
              name: "café \001\t\"\'\\"
              attr {
                key: "s"
                value {
                  s: "a\n\t\r\"\'\\\000\177\303\251 ?"
                }
              }
            }

            """#),
        Row(name: "float32 spelled like ToShortestFloat (packed list)", text: """
            node {
              attr {
                key: "f"
                value {
                  list {
                    f: 1.0
                    f: 0.1
                    f: 1e-05
                    f: inf
                    f: -inf
                    f: nan
                    f: 123456790.0
                    f: 3.4028235e+38
                    f: 1.4013e-45
                    f: 0.0
                    f: -0.0
                    f: 16777216.0
                    f: 1e+16
                    f: 1000000000000000.0
                    f: 100000.0
                    f: 1234567.0
                    f: -2.5
                  }
                }
              }
            }

            """),
        Row(name: "doubles spelled like Python repr", text: """
            node {
              attr {
                key: "t"
                value {
                  tensor {
                    dtype: DT_DOUBLE
                    double_val: 0.1
                    double_val: 1e+20
                    double_val: 1e+16
                    double_val: 1000000000000000.0
                    double_val: 1e-05
                    double_val: 0.0001
                    double_val: nan
                    double_val: -0.0
                    double_val: 5e-324
                    double_val: 1.7976931348623157e+308
                  }
                }
              }
            }

            """),
        Row(name: "integers at their limits, packed and not", text: """
            node {
              attr {
                key: "t"
                value {
                  tensor {
                    dtype: DT_INT64
                    tensor_shape {
                      dim {
                        size: -1
                      }
                      dim {
                        size: 3
                        name: "c"
                      }
                    }
                    version_number: -7
                    tensor_content: "\\001\\000"
                    int_val: -2147483648
                    int_val: 2147483647
                    string_val: "x"
                    string_val: ""
                    int64_val: -9223372036854775808
                    int64_val: 9223372036854775807
                    bool_val: true
                    bool_val: false
                    uint32_val: 4294967295
                    uint64_val: 18446744073709551615
                  }
                }
              }
            }

            """),
        Row(name: "oneof members print even when zero", text: """
            node {
              attr {
                key: "b"
                value {
                  b: false
                }
              }
              attr {
                key: "f"
                value {
                  f: 0.0
                }
              }
              attr {
                key: "i"
                value {
                  i: 0
                }
              }
              attr {
                key: "p"
                value {
                  placeholder: ""
                }
              }
              attr {
                key: "s"
                value {
                  s: ""
                }
              }
              attr {
                key: "type"
                value {
                  type: DT_INVALID
                }
              }
            }

            """),
        Row(name: "enum numbers without a name print as numbers; empty messages print braces", text: """
            node {
              attr {
                key: "e"
                value {
                }
              }
              attr {
                key: "l"
                value {
                  list {
                  }
                }
              }
              attr {
                key: "t"
                value {
                  type: 999
                }
              }
              experimental_debug_info {
              }
            }

            """),
        Row(name: "map keys sort bytewise: uppercase, then prefix before longer key", text: """
            node {
              attr {
                key: "B"
                value {
                  i: 1
                }
              }
              attr {
                key: "seed"
                value {
                  i: 2
                }
              }
              attr {
                key: "seed2"
                value {
                  i: 3
                }
              }
            }

            """),
        Row(name: "nested lists of shapes, funcs and types", text: """
            node {
              attr {
                key: "l"
                value {
                  list {
                    s: "a"
                    i: 1
                    i: -2
                    b: true
                    type: DT_FLOAT
                    type: DT_INT32
                    shape {
                      dim {
                        size: 2
                      }
                    }
                    shape {
                      unknown_rank: true
                    }
                    func {
                      name: "f"
                      attr {
                        key: "T"
                        value {
                          type: DT_HALF
                        }
                      }
                    }
                  }
                }
              }
            }

            """),
        Row(name: "function library: OpDef signature, proto3 maps with integer keys", text: """
            library {
              function {
                signature {
                  name: "f"
                  input_arg {
                    name: "x"
                    type: DT_FLOAT
                  }
                  output_arg {
                    name: "y"
                    type_attr: "T"
                  }
                  attr {
                    name: "T"
                    type: "type"
                    has_minimum: true
                    minimum: 1
                  }
                  is_stateful: true
                }
                node_def {
                  name: "n"
                  op: "Identity"
                  input: "x"
                }
                ret {
                  key: "y"
                  value: "n:output:0"
                }
                arg_attr {
                  value {
                    attr {
                      key: "_a"
                      value {
                        i: 1
                      }
                    }
                  }
                }
                arg_attr {
                  key: 2
                  value {
                  }
                }
                arg_attr {
                  key: 10
                  value {
                  }
                }
                resource_arg_unique_id {
                  key: 1
                }
              }
              gradient {
                function_name: "f"
                gradient_func: "g"
              }
            }

            """),
        Row(name: "proto2 GraphDebugInfo: explicit presence prints zeros, fixed64 keys", text: """
            debug_info {
              files: "a.py"
              traces {
                key: "n"
                value {
                  file_line_cols {
                    file_index: 0
                    line: 3
                    func: "f"
                  }
                }
              }
              frames_by_id {
                key: 0
                value {
                  line: 0
                }
              }
              frames_by_id {
                key: 18446744073709551615
                value {
                  col: 1
                }
              }
              name_to_trace_id {
                key: "a"
                value: 0
              }
              traces_by_id {
                key: 5
                value {
                  frame_id: 1
                  frame_id: 2
                }
              }
            }

            """),
        Row(name: "full type, legacy version", text: """
            node {
              experimental_type {
                type_id: TFT_PRODUCT
                args {
                  type_id: TFT_TENSOR
                  args {
                    type_id: TFT_FLOAT
                  }
                }
                i: 0
              }
            }
            version: 7

            """),
    ]
}
