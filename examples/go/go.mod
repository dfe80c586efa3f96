module example.com/imemu-example

go 1.22
