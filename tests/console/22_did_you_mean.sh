sim tiem advance 1s
