// Prints the iteration order of a libstdc++ std::unordered_map<int64_t, int> after inserting
// the keys of each input line in order: the reference for Gradients' StdHashMapOrder.
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::unordered_map<int64_t, int> map;
    std::istringstream keys(line);
    int64_t key;
    while (keys >> key) map.emplace(key, 0);
    std::cout << line << " |";
    for (const auto& entry : map) std::cout << ' ' << entry.first;
    std::cout << '\n';
  }
}
