// swapcheck: the generic CLI (checker/cli) with the swap model plugged in.
#include "checker/cli/cli.h"
#include "model/cli/swap_interface.h"

int main(int argc, char** argv) {
  const swapmodel::SwapModelInterface model;
  return checker::cli_main(argc, argv, model);
}
