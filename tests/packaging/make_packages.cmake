# ctest fixture: the two .debs, built afresh by CPack into BUILD/packages
# from what the build made (cmake -DBUILD=... -DCPACK=... -P make_packages.cmake).
file(GLOB old "${BUILD}/packages/*.deb")
if(old)
  file(REMOVE ${old})
endif()
execute_process(COMMAND ${CPACK} --config ${BUILD}/CPackConfig.cmake WORKING_DIRECTORY ${BUILD} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack failed (${rc})")
endif()
