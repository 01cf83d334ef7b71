// toycheck: the swapcheck CLI over the toy model, as the real main() on the model side will be.
#include "checker/cli/cli.h"
#include "toy_model.h"

int main(int argc, char** argv) { return checker::cli_main(argc, argv, toy::ToyModel{}); }
